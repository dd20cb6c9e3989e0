package dev.escarp.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's Java snippets are compiled, tested code of this module, word for word: each lies
 * between {@code // README:<name>:start} and {@code :end} markers in its source file.
 */
class ReadmeSnippetsTest {

  @Test
  void theEmbeddingSnippet_isEmbeddingExample() throws IOException {
    assertInReadme("embedding", "src/test/java/dev/escarp/examples/embedding/EmbeddingExample.java");
  }

  @Test
  void theJUnitSnippet_isReadmeExampleIT() throws IOException {
    assertInReadme("junit", "src/test/java/dev/escarp/examples/suite/ReadmeExampleIT.java");
  }

  private static void assertInReadme(String name, String sourceFile) throws IOException {
    String source = Files.readString(Path.of(sourceFile), StandardCharsets.UTF_8);
    String start = "// README:" + name + ":start\n";
    String end = "// README:" + name + ":end";
    String snippet = source.substring(source.indexOf(start) + start.length(), source.indexOf(end));
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    assertTrue(readme.contains("```java\n" + snippet + "```"),
        "README.md's " + name + " snippet differs from " + sourceFile + "; copy it over:\n" + snippet);
  }
}
