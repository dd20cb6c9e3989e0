package dev.escarp.core.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal's two copies written in place: a write cut short costs that write only, a format 1
 * journal is upgraded in place, and no write renames a file.
 */
class LeaseJournalTest {

  @TempDir
  Path home;

  private Path journal() {
    return home.resolve("daemon-leases.json");
  }

  private static LeaseJournal.Entry entry(int slot, String holder) {
    return new LeaseJournal.Entry(slot, holder, "tok-" + holder, OptionalInt.empty(), 1_000, 9_000_000_000_000L,
        1_000, Optional.empty(), Optional.empty());
  }

  private static List<String> holders(List<LeaseJournal.Entry> entries) {
    return entries.stream().map(LeaseJournal.Entry::holder).toList();
  }

  private LeaseJournal opened(List<String> problems) {
    LeaseJournal journal = new LeaseJournal(journal());
    journal.load(problems::add);
    return journal;
  }

  @Test
  void saves_alternateBetweenTwoCopies_rewrittenInPlace_neverRenamed() throws Exception {
    LeaseJournal journal = opened(new ArrayList<>());
    journal.save(List.of(entry(0, "a")));
    journal.save(List.of(entry(0, "a"), entry(1, "b")));
    List<Path> copies = JournalFiles.copies(journal());
    Object[] inodes = {Files.getAttribute(copies.get(0), "unix:ino"), Files.getAttribute(copies.get(1), "unix:ino")};

    journal.save(List.of(entry(1, "b")));
    journal.save(List.of());

    assertEquals(inodes[0], Files.getAttribute(copies.get(0), "unix:ino"), "copy a was written in place");
    assertEquals(inodes[1], Files.getAttribute(copies.get(1), "unix:ino"), "copy b was written in place");
    for (Path copy : copies) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }
    try (Stream<Path> files = Files.list(home)) {
      assertEquals(List.of("daemon-leases.a.json", "daemon-leases.b.json"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temp file, no old-format file");
    }
    assertEquals(4, JournalOnDisk.read(journal()).get("seq").asLong());
    assertEquals(List.of(), holders(opened(new ArrayList<>()).load(p -> {})));
  }

  @Test
  void aShorterTable_isPaddedInPlace_andReadsBackWhole() throws Exception {
    LeaseJournal journal = opened(new ArrayList<>());
    List<LeaseJournal.Entry> many = new ArrayList<>();
    for (int s = 0; s < 8; s++) {
      many.add(entry(s, "holder-with-a-long-name-" + s));
    }
    journal.save(many);
    journal.save(many);
    journal.save(List.of(entry(3, "short")));

    List<String> problems = new ArrayList<>();
    assertEquals(List.of("short"), holders(new LeaseJournal(journal()).load(problems::add)));
    assertEquals(List.of(), problems);
  }

  @Test
  void aWriteCutShort_damagesOnlyTheCopyItWrote_andTheTableBeforeItComesBack() throws Exception {
    LeaseJournal journal = opened(new ArrayList<>());
    journal.save(List.of(entry(0, "a")));
    journal.save(List.of(entry(0, "a"), entry(1, "b")));
    Path reused = JournalOnDisk.older(journal());
    // The next save, [a, b, c], killed halfway through its write: half of it over the older copy.
    byte[] next = JournalCodec.render(List.of(entry(0, "a"), entry(1, "b"), entry(2, "c")), 3);
    byte[] old = Files.readAllBytes(reused);
    byte[] torn = Arrays.copyOf(next, Math.max(old.length, next.length / 2));
    System.arraycopy(next, 0, torn, 0, next.length / 2);
    if (old.length > next.length / 2) {
      System.arraycopy(old, next.length / 2, torn, next.length / 2, old.length - next.length / 2);
    }
    Files.write(reused, torn);

    List<String> problems = new ArrayList<>();
    LeaseJournal restarted = new LeaseJournal(journal());

    assertEquals(List.of("a", "b"), holders(restarted.load(problems::add)), "every acknowledged change is there");
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(reused.toString()) && problems.get(0).contains("checksum"), problems.get(0));
    assertTrue(Files.exists(reused.resolveSibling(reused.getFileName() + ".corrupt")), "the damaged copy is kept");
    restarted.save(List.of(entry(1, "b")));
    assertEquals(List.of("b"), holders(new LeaseJournal(journal()).load(p -> {})), "the damaged copy is reused");
  }

  @Test
  void theNewestCopyCutToHalf_fallsBackToTheOlderCopy() throws Exception {
    LeaseJournal journal = opened(new ArrayList<>());
    journal.save(List.of(entry(0, "a")));
    journal.save(List.of(entry(0, "a"), entry(1, "b")));
    Path newest = JournalOnDisk.newest(journal());
    byte[] bytes = Files.readAllBytes(newest);
    Files.write(newest, Arrays.copyOf(bytes, bytes.length / 2));

    List<String> problems = new ArrayList<>();
    assertEquals(List.of("a"), holders(new LeaseJournal(journal()).load(problems::add)));
    assertEquals(1, problems.size(), problems.toString());
  }

  @Test
  void aFormatOneJournal_isReadAtStart_andRemovedOnceACopyHoldsTheTable() throws Exception {
    Files.writeString(journal(), "{\"format\":1,\"leases\":[{\"slot\":2,\"holder\":\"old\",\"token\":\"tok-old\","
        + "\"acquired_at_ms\":1000,\"expires_at_ms\":9000000000000,\"last_heartbeat_ms\":1000}]}",
        StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    LeaseJournal journal = new LeaseJournal(journal());

    List<LeaseJournal.Entry> loaded = journal.load(problems::add);
    assertEquals(List.of("old"), holders(loaded));
    assertEquals("tok-old", loaded.get(0).token());
    assertEquals(List.of(), problems);
    journal.save(loaded);

    assertFalse(Files.exists(journal()), "the format 1 file goes once a copy holds its leases");
    assertEquals(2, JournalOnDisk.read(journal()).get("format").asInt());
    assertEquals(List.of("old"), holders(new LeaseJournal(journal()).load(problems::add)));
  }

  @Test
  void aSave_intoACopyThatCannotBeWritten_fails_andTheNewestCopyStaysReadable() throws Exception {
    LeaseJournal journal = opened(new ArrayList<>());
    journal.save(List.of(entry(0, "a")));
    journal.save(List.of(entry(0, "a"), entry(1, "b")));
    Path reused = JournalOnDisk.older(journal());
    Files.delete(reused);
    Files.createDirectories(reused.resolve("in-the-way"));

    assertThrows(IOException.class, () -> journal.save(List.of(entry(2, "c"))));

    Files.delete(reused.resolve("in-the-way"));
    Files.delete(reused);
    assertEquals(List.of("a", "b"), holders(new LeaseJournal(journal()).load(p -> {})));
    journal.save(List.of(entry(2, "c")));
    assertEquals(List.of("c"), holders(new LeaseJournal(journal()).load(p -> {})), "a retry writes the same copy");
  }
}
