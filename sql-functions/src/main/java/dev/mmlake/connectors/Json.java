package dev.mmlake.connectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** JSON reading for source index files, with errors that name the file. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private Json() {
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** The text of top-level field {@code field} of a JSON object string; null if absent or bad. */
  static String textAt(String json, String field) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode v = MAPPER.readTree(json).get(field);
      return v == null || v.isNull() ? null : v.asText();
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Reads a source's index file into {@code type}; a missing or malformed file ends the read. */
  static <T> T read(Path file, Class<T> type, String what) {
    if (!Files.isRegularFile(file)) {
      throw new ConnectorException("%s %s does not exist; pass the path of the source's %s",
          what, file, what);
    }
    try {
      return MAPPER.readValue(file.toFile(), type);
    } catch (JsonProcessingException e) {
      throw new ConnectorException(e, "%s %s is not valid JSON of the expected shape: %s", what,
          file, e.getOriginalMessage());
    } catch (NoSuchFileException e) {
      throw new ConnectorException(e, "%s %s does not exist", what, file);
    } catch (IOException e) {
      throw new ConnectorException(e, "Cannot read %s %s: %s", what, file, e.getMessage());
    }
  }
}
