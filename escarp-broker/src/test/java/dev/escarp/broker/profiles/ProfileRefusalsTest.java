package dev.escarp.broker.profiles;

import static dev.escarp.broker.profiles.ProfileLoginTest.ok;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import dev.escarp.broker.testing.ApiClient;
import dev.escarp.broker.testing.DaemonPerClass;
import dev.escarp.broker.testing.Reply;
import dev.escarp.broker.testing.SitePerClass;
import dev.escarp.cdp.storage.StorageState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile that cannot be trusted is refused whole with a clear error (tampered with, another
 * key, too old); a storageState Playwright itself exported imports and starts a lease logged in.
 */
class ProfileRefusalsTest {

  @RegisterExtension static final DaemonPerClass daemon = DaemonPerClass.withSlots(1);
  @RegisterExtension static final SitePerClass login = new SitePerClass();

  private static Path home() {
    return Paths.get(daemon.daemon().env().get("ESCARP_HOME"));
  }

  @Test
  void tamperedProfileFile_isRefusedWithAClearError_andNothingOfItLoads() throws Exception {
    ApiClient api = daemon.api();
    assertEquals(200, api.put("/profiles/tampered", cookieState("sid", "v4lue")).status());
    Path file = home().resolve("auth-profiles/tampered.profile");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 20] ^= 1;
    Files.write(file, bytes);

    Reply refused = api.post("/acquire", "{\"holder\": \"x\", \"profile\": \"tampered\"}");
    assertEquals(409, refused.status());
    assertEquals("profile_unreadable", refused.error());
    assertTrue(refused.json().path("message").asText().contains("changed after escarp wrote it"), refused.body());
    assertEquals("profile_unreadable", api.get("/profiles/tampered/state").error());
    assertFalse(api.get("/status").json().path("slots").get(0).path("state").asText().equals("leased"),
        "no lease was made");
  }

  @Test
  void profileEncryptedWithAnotherKey_isRefusedWithAClearError() throws Exception {
    ProfileStore foreign = ProfileStore.of(home(), Map.of(ProfileKey.ENV,
        java.util.Base64.getEncoder().encodeToString(new byte[32])));
    foreign.save("foreign", StorageState.empty(), Optional.empty(), Instant.now());

    Reply refused = daemon.api().post("/acquire", "{\"holder\": \"x\", \"profile\": \"foreign\"}");
    assertEquals(409, refused.status());
    assertEquals("profile_unreadable", refused.error());
    assertTrue(refused.json().path("message").asText().contains("another key"), refused.body());
  }

  @Test
  void expiredProfile_gets409ProfileExpired() {
    ApiClient api = daemon.api();
    String state = cookieState("sid", "old");
    Reply put = api.put("/profiles/stale", state.substring(0, state.length() - 1) + ", \"max_age_s\": 0.2}");
    assertEquals(200, put.status());
    double expiresAt = put.json().path("expires_at").asDouble();
    await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() / 1000.0 > expiresAt);
    Reply refused = api.post("/acquire", "{\"holder\": \"x\", \"profile\": \"stale\"}");
    assertEquals(409, refused.status());
    assertEquals("profile_expired", refused.error());
    assertFalse(refused.body().contains("old\""), "no cookie value in the error");
  }

  @Test
  void storageStateExportedByPlaywright_importsAndStartsALeaseLoggedIn(@TempDir Path dir) throws Exception {
    Path exported = dir.resolve("state.json");
    BrowserType.LaunchOptions launch = new BrowserType.LaunchOptions()
        .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true).setArgs(List.of("--no-sandbox"));
    try (Browser own = login.visitor().playwright().chromium().launch(launch)) {
      BrowserContext context = own.newContext();
      Page page = context.newPage();
      page.navigate(login.site().origin() + "/login");
      page.fill("#user", "carol");
      page.click("#go");
      page.waitForURL(login.site().origin() + "/app");
      context.storageState(new BrowserContext.StorageStateOptions().setPath(exported));
    }

    ApiClient api = daemon.api();
    Reply imported = api.put("/profiles/from-playwright", Files.readString(exported));
    assertEquals(200, imported.status(), imported.toString());
    assertEquals(1, imported.json().path("cookies").asInt());
    JsonNode lease = ok(api.post("/acquire", "{\"holder\": \"pw\", \"profile\": \"from-playwright\"}"));
    assertEquals("logged in as carol|tok-carol", login.visitor().firstLoad(lease.path("cdp_ws_url").asText(), login.site()));
    ok(api.post("/release", "{\"lease_token\": \"" + lease.path("lease_token").asText() + "\"}"));
  }

  @Test
  void notAStorageState_gets400BadProfile_withoutEchoingValues() {
    Reply reply = daemon.api().put("/profiles/bad", "{\"cookies\": [{\"name\": \"a\", \"value\": 7}]}");
    assertEquals(400, reply.status());
    assertEquals("bad_profile", reply.error());
  }

  private static String cookieState(String name, String value) {
    return "{\"cookies\": [{\"name\": \"" + name + "\", \"value\": \"" + value + "\", \"domain\": \"127.0.0.1\","
        + " \"path\": \"/\", \"expires\": -1, \"httpOnly\": false, \"secure\": false, \"sameSite\": \"Lax\"}],"
        + " \"origins\": []}";
  }
}
