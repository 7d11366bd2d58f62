package dev.mmlake.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.mmlake.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootsTest {
  @TempDir Path dir;
  private Path root;
  private Path secret;
  private DataRoots roots;

  @BeforeEach
  void layout() throws Exception {
    root = Files.createDirectories(dir.resolve("data"));
    Files.writeString(root.resolve("a.json"), "{}");
    secret = Files.writeString(Files.createDirectories(dir.resolve("private")).resolve("key"), "k");
    roots = DataRoots.only(List.of(root));
  }

  @Test
  void pathsBelowARootAreCanonical() throws Exception {
    assertThat(roots.check(root.resolve("a.json"), "read_x"))
        .isEqualTo(root.toRealPath().resolve("a.json"));
    assertThat(roots.check(root.resolve("sub/../a.json"), "read_x"))
        .isEqualTo(root.toRealPath().resolve("a.json"));
    assertThat(roots.check(root.resolve("not/yet/there.json"), "read_x"))
        .isEqualTo(root.toRealPath().resolve("not/yet/there.json"));
    Path inner = Files.createSymbolicLink(root.resolve("alias.json"), root.resolve("a.json"));
    assertThat(roots.check(inner, "read_x")).isEqualTo(root.toRealPath().resolve("a.json"));
    assertThat(roots.covers(root.resolve("a.json"))).isTrue();
    assertThat(roots.covers(secret)).isFalse();
  }

  @Test
  void pathsOutsideAreRefusedWithThePathAndTheFlag() {
    denied(secret, secret.toString());
    denied(root.resolve("../private/key"), "../private/key");
    denied(root.resolve("missing/../../private/nothing"), "nothing");
    denied(Path.of("/"), "/");
  }

  @Test
  void linksOutOfARootAreRefused() throws Exception {
    Path fileLink = Files.createSymbolicLink(root.resolve("key"), secret);
    Path dirLink = Files.createSymbolicLink(root.resolve("private"), secret.getParent());
    assertThat(denied(fileLink, fileLink.toString()))
        .contains("a link to " + secret.toRealPath());
    denied(dirLink.resolve("key"), dirLink.resolve("key").toString());
    denied(dirLink.resolve("not-there"), "not-there");
  }

  @Test
  void noRootsAllowNothingAndUnrestrictedAllowsEverything() {
    assertThatThrownBy(() -> DataRoots.only(List.of()).check(root.resolve("a.json"), "read_x"))
        .hasMessageContaining("this server has no data roots")
        .hasMessageContaining("mmlake serve --data-root DIR");
    assertThat(DataRoots.unrestricted().check(secret, "read_x")).isEqualTo(secret);
    assertThat(DataRoots.unrestricted().restricted()).isFalse();
    assertThat(DataRoots.unrestricted().covers(secret)).isFalse();
  }

  @Test
  void rootsMustExistAndParseFromTheSetting() {
    assertThatThrownBy(() -> DataRoots.only(List.of(dir.resolve("nope"))))
        .isInstanceOf(ConnectorException.class).hasMessageContaining("nope");
    assertThat(DataRoots.parse(" /a , ,/b")).containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(DataRoots.parse(null)).isEmpty();
  }

  private String denied(Path p, String named) {
    ConnectorException e = (ConnectorException) catchThrowable(
        () -> roots.check(p, "read_x"));
    assertThat(e).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
    assertThat(e.getMessage()).contains("Permission denied: read_x cannot read")
        .contains(named).contains("--data-root").contains(DataRoots.CONFIG_KEY);
    return e.getMessage();
  }
}
