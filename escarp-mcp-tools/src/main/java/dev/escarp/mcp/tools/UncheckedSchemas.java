package dev.escarp.mcp.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.util.Map;

/**
 * A schema "validator" that accepts everything, used in place of the SDK's networknt validator.
 *
 * <p>Why: building that validator loads the JSON Schema 2020-12 meta-schema, about 1,900 classes
 * and 0.5 to 2 s of every shim start, which an agent pays each time it starts a session. The
 * shim gains little from it at run time: tool arguments are read by type with clear messages
 * ({@code tools.Arguments}), and results are built field by field from the output schemas. The
 * tests check what this skips: every schema against the meta-schema, and every result against
 * its output schema in the SDK client.
 */
final class UncheckedSchemas implements JsonSchemaValidator {

  private final ObjectMapper json;

  UncheckedSchemas(ObjectMapper json) {
    this.json = json;
  }

  @Override
  public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
    try {
      // The SDK uses this text as the result's text content when a tool gave none.
      return ValidationResponse.asValid(json.writeValueAsString(structuredContent));
    } catch (JsonProcessingException e) {
      return ValidationResponse.asInvalid("structured content is not JSON: " + e.getOriginalMessage());
    }
  }

  @Override
  public ValidationResponse validateSchema(Map<String, Object> schema) {
    return ValidationResponse.asValid(null);
  }
}
