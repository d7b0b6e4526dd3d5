package io.boc4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's table of {@code boc4j.*} properties lists exactly the properties of the generated
 * configuration metadata, with the same defaults where the metadata records one.
 */
@Timeout(30)
class ReadmePropertiesTest {

  private static final Pattern ROW =
      Pattern.compile("(?m)^\\| `(boc4j\\.[a-z0-9.-]+)` \\| ([^|]+) \\| [^|]+ \\|$");

  @Test
  void theReadmeTableMatchesTheMetadata() throws Exception {
    Map<String, String> readme = new LinkedHashMap<>();
    Matcher row = ROW.matcher(Files.readString(Path.of("..", "README.md")));
    while (row.find()) {
      readme.put(row.group(1), row.group(2).trim());
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    try (InputStream in =
        getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
      for (JsonNode p : JsonMapper.shared().readTree(in).get("properties")) {
        metadata.put(p.get("name").asString(), p.path("defaultValue").asString(null));
      }
    }
    assertThat(readme.keySet()).containsExactlyInAnyOrderElementsOf(metadata.keySet());
    metadata.forEach((name, defaultValue) -> {
      if (defaultValue != null) {
        assertThat(readme.get(name)).as(name).isEqualTo("`" + defaultValue + "`");
      }
    });
  }
}
