package dev.escarp.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTreesTest {

  private static final String SAMPLE = "{\"pool_size\":2,\"lease_ttl_s\":60.5,\"ok\":true,\"no\":false,\"none\":null,"
      + "\"big\":123456789012345678901234567890,\"long\":9007199254740993,\"text\":\"a \\\"q\\\" \\u00e9\","
      + "\"slots\":[{\"slot\":0,\"bounds\":[1,2,3,4]},[],{}]}";

  @Test
  void parse_readsTheSameTreeAsDatabind() throws IOException {
    JsonNode ours = JsonTrees.parse(SAMPLE.getBytes(StandardCharsets.UTF_8));

    assertEquals(new ObjectMapper().readTree(SAMPLE), ours);
    assertEquals(new BigInteger("123456789012345678901234567890"), ours.get("big").bigIntegerValue());
    assertEquals(9007199254740993L, ours.get("long").longValue(), "longs keep every digit");
    assertEquals("a \"q\" é", ours.get("text").textValue());
  }

  @Test
  void bytes_writeJsonThatReadsBackTheSame() throws IOException {
    JsonNode tree = JsonTrees.parse(SAMPLE.getBytes(StandardCharsets.UTF_8));

    byte[] written = JsonTrees.bytes(tree);

    assertEquals(tree, new ObjectMapper().readTree(written));
    assertEquals("{\"holder\":\"h\",\"slot\":3,\"wait_s\":1.5}",
        new String(JsonTrees.bytes(JsonTrees.object().put("holder", "h").put("slot", 3).put("wait_s", 1.5)),
            StandardCharsets.UTF_8));
  }

  @Test
  void emptyInput_malformedJson_andTrailingContent_areErrors() {
    assertThrows(IOException.class, () -> JsonTrees.parse(new byte[0]));
    assertThrows(IOException.class, () -> JsonTrees.parse("{\"a\":".getBytes(StandardCharsets.UTF_8)));
    IOException trailing = assertThrows(IOException.class,
        () -> JsonTrees.parse("{} {}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(trailing.getMessage().contains("after the JSON value"), trailing.getMessage());
  }

  @Test
  void parseRejectingDuplicates_refusesAFieldNamedTwice_whileParseKeepsTheLast() throws IOException {
    byte[] twice = "{\"slot\":1,\"slot\":2}".getBytes(StandardCharsets.UTF_8);

    assertEquals(2, JsonTrees.parse(twice).get("slot").intValue());
    assertThrows(IOException.class, () -> JsonTrees.parseRejectingDuplicates(twice));
  }

  @Test
  void valueOf_turnsPlainJavaValuesIntoTrees() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("id", 812L);
    value.put("bounds", List.of(1, 2, 3, 4));
    value.put("none", null);
    value.put("name", "Escarp Chrome Slot 1");
    value.put("ok", true);
    value.put("ratio", 0.5);

    assertEquals("{\"id\":812,\"bounds\":[1,2,3,4],\"none\":null,\"name\":\"Escarp Chrome Slot 1\",\"ok\":true,"
        + "\"ratio\":0.5}", JsonTrees.text(JsonTrees.valueOf(value)));
    assertThrows(IllegalArgumentException.class, () -> JsonTrees.valueOf(new Object()));
  }

  @Test
  void prettyBytes_indentLikeJacksonsDefaultPrettyPrinter_andStreamsAndGeneratorsRoundTrip() throws IOException {
    JsonNode tree = JsonTrees.parse(new ByteArrayInputStream("{\"a\":[1],\"b\":{}}".getBytes(StandardCharsets.UTF_8)));

    assertEquals(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree),
        new String(JsonTrees.prettyBytes(tree), StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator generator = JsonTrees.generator(out)) {
      JsonTrees.write(generator, tree);
    }
    assertEquals("{\"a\":[1],\"b\":{}}", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void epochSeconds_printToTheMillisecondWithoutAnExponent() {
    assertEquals("1795325602.510", JsonTrees.text(JsonTrees.epochSeconds(Instant.ofEpochMilli(1_795_325_602_510L))));
    assertEquals(1795325602.51, JsonTrees.epochSeconds(Instant.ofEpochMilli(1_795_325_602_510L)).doubleValue());
  }
}
