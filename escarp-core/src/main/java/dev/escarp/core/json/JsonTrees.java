package dev.escarp.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * JSON trees (Jackson's {@link JsonNode}) read and written with jackson-core's streaming parser
 * and generator, without an {@code ObjectMapper}. escarp only ever handles trees, and an
 * ObjectMapper costs what escarp's processes care about most: building one initialises date
 * formats, time zones and locale data (50 to 70 ms of a 250 ms CLI command), and its classes and
 * caches are several MiB of a daemon's resident memory (BENCHMARKS.md).
 *
 * <p>Numbers read as Jackson's tree model reads them: int, long or big integer nodes for
 * integers, double nodes for the rest. Strings have no length limit (a screenshot's base64 is
 * long); callers bound what they read. Thread-safe.
 */
public final class JsonTrees {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();
  private static final JsonFactory STRICT = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  public static ObjectNode object() {
    return NODES.objectNode();
  }

  public static ArrayNode array() {
    return NODES.arrayNode();
  }

  /**
   * A moment as escarp's wire form has it since 1.x: seconds since the epoch, to the millisecond
   * ({@code 1795325602.510}). A decimal, because a double that large prints in exponent form
   * ({@code 1.79532560251E9}), which parsers accept but people misread.
   */
  public static JsonNode epochSeconds(Instant at) {
    return NODES.numberNode(BigDecimal.valueOf(at.toEpochMilli(), 3));
  }

  /** The one JSON value in {@code bytes}; no value, or content after it, is an error. */
  public static JsonNode parse(byte[] bytes) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      return readWhole(parser);
    }
  }

  public static JsonNode parse(String text) throws IOException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      return readWhole(parser);
    }
  }

  /** As {@link #parse(byte[])}, reading the stream to its end. */
  public static JsonNode parse(InputStream in) throws IOException {
    try (JsonParser parser = FACTORY.createParser(in)) {
      return readWhole(parser);
    }
  }

  /** As {@link #parse(byte[])}, and an object that names a field twice is an error too. */
  public static JsonNode parseRejectingDuplicates(byte[] bytes) throws IOException {
    try (JsonParser parser = STRICT.createParser(bytes)) {
      return readWhole(parser);
    }
  }

  public static byte[] bytes(JsonNode node) {
    return render(node, false);
  }

  /** Indented, for files people read. */
  public static byte[] prettyBytes(JsonNode node) {
    return render(node, true);
  }

  public static String text(JsonNode node) {
    return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** A generator writing UTF-8 JSON to {@code out}; the caller closes it. */
  public static JsonGenerator generator(OutputStream out) throws IOException {
    return FACTORY.createGenerator(out);
  }

  /** Writes {@code node} as the next value of {@code generator}. */
  public static void write(JsonGenerator generator, JsonNode node) throws IOException {
    if (node.isObject()) {
      generator.writeStartObject();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        generator.writeFieldName(field.getKey());
        write(generator, field.getValue());
      }
      generator.writeEndObject();
    } else if (node.isArray()) {
      generator.writeStartArray();
      for (JsonNode element : node) {
        write(generator, element);
      }
      generator.writeEndArray();
    } else if (node.isTextual()) {
      generator.writeString(node.textValue());
    } else if (node.isIntegralNumber()) {
      if (node.canConvertToLong()) {
        generator.writeNumber(node.longValue());
      } else {
        generator.writeNumber(node.bigIntegerValue());
      }
    } else if (node.isBigDecimal()) {
      generator.writeNumber(node.decimalValue());
    } else if (node.isNumber()) {
      generator.writeNumber(node.doubleValue());
    } else if (node.isBoolean()) {
      generator.writeBoolean(node.booleanValue());
    } else if (node.isNull() || node.isMissingNode()) {
      generator.writeNull();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  /**
   * The tree of a plain Java value: null, a string, a number, a boolean, a map with string keys,
   * a collection, or a tree already.
   */
  public static JsonNode valueOf(Object value) {
    if (value == null) {
      return NODES.nullNode();
    } else if (value instanceof JsonNode node) {
      return node;
    } else if (value instanceof String s) {
      return NODES.textNode(s);
    } else if (value instanceof Boolean b) {
      return NODES.booleanNode(b);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return NODES.numberNode(((Number) value).intValue());
    } else if (value instanceof Long l) {
      return NODES.numberNode(l);
    } else if (value instanceof BigInteger big) {
      return NODES.numberNode(big);
    } else if (value instanceof BigDecimal decimal) {
      return NODES.numberNode(decimal);
    } else if (value instanceof Number n) {
      return NODES.numberNode(n.doubleValue());
    } else if (value instanceof Map<?, ?> map) {
      ObjectNode object = NODES.objectNode();
      map.forEach((k, v) -> object.set(String.valueOf(k), valueOf(v)));
      return object;
    } else if (value instanceof Collection<?> list) {
      ArrayNode array = NODES.arrayNode();
      list.forEach(v -> array.add(valueOf(v)));
      return array;
    }
    throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
  }

  private static JsonNode readWhole(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      throw new IOException("no JSON value");
    }
    JsonNode value = read(parser, first);
    if (parser.nextToken() != null) {
      throw new IOException("content after the JSON value");
    }
    return value;
  }

  private static JsonNode read(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case START_OBJECT: {
        ObjectNode object = NODES.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.set(name, read(parser, parser.nextToken()));
        }
        return object;
      }
      case START_ARRAY: {
        ArrayNode array = NODES.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(read(parser, t));
        }
        return array;
      }
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return switch (parser.getNumberType()) {
          case INT -> NODES.numberNode(parser.getIntValue());
          case LONG -> NODES.numberNode(parser.getLongValue());
          default -> NODES.numberNode(parser.getBigIntegerValue());
        };
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new IOException("unexpected JSON token " + token);
    }
  }

  private static byte[] render(JsonNode node, boolean pretty) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator generator = FACTORY.createGenerator(out)) {
      if (pretty) {
        generator.useDefaultPrettyPrinter();
      }
      write(generator, node);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }
}
