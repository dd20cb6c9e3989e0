package dev.escarp.cdp.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Playwright's storageState format in and out, and never a credential in a message. */
class StorageStateTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PLAYWRIGHT = "{\"cookies\":[{\"name\":\"sid\",\"value\":\"s3cret\",\"domain\":\"127.0.0.1\","
      + "\"path\":\"/\",\"expires\":-1,\"httpOnly\":true,\"secure\":false,\"sameSite\":\"Lax\"}],"
      + "\"origins\":[{\"origin\":\"http://127.0.0.1:5000\",\"localStorage\":[{\"name\":\"token\",\"value\":\"t0k\"}]}]}";

  @Test
  void fromJson_thenToJson_givesPlaywrightsFormatBack() throws Exception {
    JsonNode in = JSON.readTree(PLAYWRIGHT);
    assertEquals(in, JSON.readTree(JSON.writeValueAsString(StorageState.fromJson(in).toJson())));
  }

  @Test
  void toString_showsCountsAndOrigins_neverValues() throws Exception {
    String shown = StorageState.fromJson(JSON.readTree(PLAYWRIGHT)).toString();
    assertFalse(shown.contains("s3cret") || shown.contains("t0k"), shown);
  }

  @Test
  void fromJson_refusesWhatIsNotAStorageState_namingTheField_notTheValue() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StorageState.fromJson(
        JSON.readTree("{\"cookies\":[{\"name\":\"sid\",\"value\":\"s3cret\",\"sameSite\":\"s3cret\",\"domain\":\"x\"}]}")));
    assertEquals("cookies[0].sameSite must be Strict, Lax or None", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> StorageState.fromJson(JSON.readTree("{\"origins\":[{\"origin\":\"file:///etc\"}]}")));
  }
}
