package dev.escarp.mcp.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.escarp.mcp.session.SessionLease;
import dev.escarp.mcp.tools.testing.FakeBackend;
import dev.escarp.mcp.tools.testing.ManualHeartbeats;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shim does not validate schemas at run time (see UncheckedSchemas), so this checks them with
 * the SDK's own validator, and checks results built by the tools against their output schemas.
 */
class ToolSchemasTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FakeBackend backend = new FakeBackend(Optional.of(Duration.ofSeconds(20)));
  private final SessionLease session = new SessionLease(backend, new ManualHeartbeats(), InstantSource.system(), l -> {});
  private final AcquireTool acquire = new AcquireTool(session, new HolderNames(Optional.empty(), 42), Duration.ofSeconds(15));
  private final JsonSchemaValidator validator = new DefaultJsonSchemaValidator(JSON);

  @Test
  void everyToolsSchemas_areValidJsonSchemas() {
    List<McpSchema.Tool> tools = List.of(new StatusTool(session, 42).specification().tool(),
        acquire.specification().tool(), new ReleaseTool(session).specification().tool());
    for (McpSchema.Tool tool : tools) {
      Map<String, Object> input = tool.inputSchema();
      assertTrue(validator.validateSchema(input).valid(), tool.name() + " input: " + validator.validateSchema(input));
      assertTrue(validator.validateSchema(tool.outputSchema()).valid(), tool.name() + " output");
    }
  }

  @Test
  void acquireResults_conformToTheOutputSchema_bothFreshAndAlreadyHolding() {
    for (int i = 0; i < 2; i++) {
      McpSchema.CallToolResult result = acquire.call(Optional.of("agent"), Map.of("wait_s", 30));
      assertEquals(false, result.isError());
      JsonSchemaValidator.ValidationResponse check = validator.validate(AcquireTool.outputSchema(), result.structuredContent());
      assertTrue(check.valid(), check.errorMessage());
    }
  }

  @Test
  void aWaitAboveTheCap_isCapped_andTheResultSaysSo() {
    McpSchema.CallToolResult result = acquire.call(Optional.of("agent"), Map.of("wait_s", 60));
    assertTrue(JSON.valueToTree(result.structuredContent()).path("notes").toString().contains("capped at 15 s"));
  }

  @Test
  void anArgumentOfTheWrongType_isAnErrorResult_notAnException() {
    McpSchema.CallToolResult result = acquire.call(Optional.of("agent"), Map.of("slot", "first"));
    assertEquals(true, result.isError());
    assertTrue(result.content().toString().contains("slot must be an integer"), result.content().toString());
  }

  @Test
  void errorResults_carryNoStructuredContent_forClientsCheckItAgainstTheOutputSchema() throws Exception {
    McpSchema.CallToolResult result = acquire.call(Optional.of("x".repeat(201)), Map.of());

    assertEquals(true, result.isError());
    assertEquals(null, result.structuredContent(), "the TypeScript SDK rejects an error whose structured content "
        + "does not match the output schema");
    String json = ((McpSchema.TextContent) result.content().get(1)).text();
    assertEquals("bad_argument", JSON.readTree(json).path("error").asText(), json);
  }

  @Test
  void statusAndReleaseResults_conformToTheirOutputSchemas() {
    acquire.call(Optional.empty(), Map.of());
    for (int i = 0; i < 2; i++) { // holding, then after the release
      McpSchema.CallToolResult status = new StatusTool(session, 42).call();
      assertTrue(validator.validate(StatusTool.outputSchema(), status.structuredContent()).valid());
      McpSchema.CallToolResult release = new ReleaseTool(session).call();
      assertTrue(validator.validate(ReleaseTool.outputSchema(), release.structuredContent()).valid());
    }
  }
}
