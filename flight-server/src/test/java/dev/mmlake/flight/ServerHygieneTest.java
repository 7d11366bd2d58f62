package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mmlake.catalog.LakehouseConfig;
import dev.mmlake.connectors.DataRoots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Password hashing, exact loopback checks and the plaintext-auth rule, without a server. */
class ServerHygieneTest {
  @TempDir Path dir;

  @Test
  void newHashesUseOwaspIterationsAndOldEntriesKeepWorking() throws Exception {
    Path f = dir.resolve("users");
    UsersFile.load(f).put("old", "pw-old".toCharArray(), false, 120_000)
        .put("new", "pw-new".toCharArray(), true).save(f);
    String text = Files.readString(f);
    assertThat(UsersFile.ITERATIONS).isEqualTo(600_000);
    assertThat(text).contains("old:rw:120000:").contains("new:ro:600000:");
    UsersFile loaded = UsersFile.load(f);
    assertThat(loaded.verify("old", "pw-old")).isPresent();
    assertThat(loaded.verify("new", "pw-new")).get().extracting(UsersFile.User::readOnly)
        .isEqualTo(true);
    assertThat(loaded.verify("new", "pw-old")).isEmpty();
    assertThat(loaded.weakUsers()).containsExactly("old");
  }

  @Test
  void unknownUsersCostAsMuchAsKnownOnes() {
    UsersFile u = UsersFile.load(dir.resolve("none")).put("alice", "pw".toCharArray(), false);
    u.verify("alice", "warm-up");
    u.verify("nobody", "warm-up");
    long known = Long.MAX_VALUE;
    long unknown = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      assertThat(u.verify("alice", "wrong")).isEmpty();
      long t1 = System.nanoTime();
      assertThat(u.verify("nobody", "wrong")).isEmpty();
      assertThat(u.verify("nobody", null)).isEmpty();
      long t2 = System.nanoTime();
      known = Math.min(known, t1 - t0);
      unknown = Math.min(unknown, (t2 - t1) / 2);
    }
    // without the dummy hash an unknown name answers in microseconds instead of ~100s of ms
    assertThat(unknown).isGreaterThan(known / 4);
  }

  @Test
  void loopbackIsDecidedByTheAddressNotThePrefix() {
    for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "::1")) {
      assertThat(config(host).isLoopback()).as(host).isTrue();
    }
    for (String host : List.of("0.0.0.0", "10.0.0.1", "::", "192.168.1.127")) {
      assertThat(config(host).isLoopback()).as(host).isFalse();
    }
  }

  @Test
  void passwordsOverPlaintextBeyondLoopbackNeedTheFlag() {
    Path users = dir.resolve("users");
    ServerConfig open = config("0.0.0.0").withUsers(users);
    assertThatThrownBy(open::checkSecure).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("clear text").hasMessageContaining("--allow-insecure-auth");
    open.withInsecureAuthAllowed().checkSecure();
    open.withTls(dir.resolve("cert.pem"), dir.resolve("key.pem")).checkSecure();
    config("127.0.0.1").withUsers(users).checkSecure();
    assertThatThrownBy(config("0.0.0.0")::checkSecure).hasMessageContaining("--users-file");
  }

  @Test
  void connectorRootsDefaultToNoneBeyondLoopback() throws Exception {
    LakehouseConfig lake = LakehouseConfig.embedded(dir.resolve("lake"));
    assertThat(config("127.0.0.1").connectorRoots(lake).restricted()).isFalse();
    assertThat(config("0.0.0.0").connectorRoots(lake).restricted()).isTrue();
    assertThat(config("0.0.0.0").connectorRoots(lake).roots()).isEmpty();
    Path data = Files.createDirectories(dir.resolve("data"));
    assertThat(config("127.0.0.1").withDataRoots(List.of(data)).connectorRoots(lake).roots())
        .containsExactly(data.toRealPath());
    assertThat(config("0.0.0.0").connectorRoots(
        lake.with(DataRoots.CONFIG_KEY, data.toString())).roots())
        .containsExactly(data.toRealPath());
  }

  private static ServerConfig config(String host) {
    return new ServerConfig(host, 0, null, null, null, 0, Duration.ZERO, Duration.ofMinutes(1));
  }
}
