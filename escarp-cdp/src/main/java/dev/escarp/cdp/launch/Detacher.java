package dev.escarp.cdp.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Prefixes a command so that it runs in a session of its own, outliving the JVM that started it
 * and deaf to its terminal's signals: util-linux {@code setsid} where present (Linux), else Perl's
 * {@code POSIX::setsid} (macOS ships Perl but no setsid), else {@code nohup} as a last resort.
 *
 * <p>Plain {@code setsid} (not {@code -f}) execs in place when the caller is not a process-group
 * leader, which a JVM's child is not: the started process is then the browser itself, and its
 * early exit status is visible.
 */
public final class Detacher {

  private static final String PERL_SETSID = "use POSIX qw(setsid); setsid(); exec { $ARGV[0] } @ARGV or die \"exec $ARGV[0]: $!\\n\";";

  private final Host host;

  public Detacher(Host host) {
    this.host = host;
  }

  public List<String> command(Path binary, List<String> args) {
    List<String> command = new ArrayList<>();
    Optional<Path> setsid = Executables.onPath(host, "setsid");
    Optional<Path> perl = Executables.onPath(host, "perl");
    if (setsid.isPresent()) {
      command.add(setsid.get().toString());
    } else if (perl.isPresent()) {
      command.add(perl.get().toString());
      command.add("-e");
      command.add(PERL_SETSID);
    } else {
      command.add(Executables.onPath(host, "nohup").map(Path::toString).orElse("nohup"));
    }
    command.add(binary.toString());
    command.addAll(args);
    return command;
  }
}
