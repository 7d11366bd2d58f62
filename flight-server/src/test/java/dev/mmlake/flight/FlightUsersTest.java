package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The users file is re-read when it changes: a removed user, or one with a new password, loses
 * its tokens at its next call; a user made read-only is read-only on its next connection.
 */
class FlightUsersTest extends FlightTestBase {
  private Path users;

  @Override
  ServerConfig config() {
    users = dir.resolve("users");
    UsersFile.load(users).put("alice", "s3cret!".toCharArray(), false)
        .put("bob", "hunter2".toCharArray(), false).save(users);
    return ServerConfig.local(0).withUsers(users);
  }

  @Test
  void removedAndChangedUsersLoseTheirTokens() throws Exception {
    try (Connection alice = connect("alice", "s3cret!"); Connection bob = connect("bob", "hunter2")) {
      update(alice, "CREATE TABLE lake.r (id INTEGER)");
      assertThat(rows(bob, "SELECT COUNT(*) FROM lake.r")).containsExactly(List.of(0L));

      UsersFile.load(users).remove("bob").put("carol", "pw-carol".toCharArray(), false)
          .save(users);
      assertThatThrownBy(() -> rows(bob, "SELECT COUNT(*) FROM lake.r"))
          .isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
      assertThatThrownBy(() -> {
        try (Connection again = connect("bob", "hunter2")) {
          rows(again, "SELECT 1");
        }
      }).isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
      try (Connection carol = connect("carol", "pw-carol")) {
        assertThat(rows(carol, "SELECT COUNT(*) FROM lake.r")).containsExactly(List.of(0L));
      }
      assertThat(update(alice, "INSERT INTO lake.r VALUES (1)")).isEqualTo(1);

      // same name, new password and now read-only: the old token ends, the new login reads only
      UsersFile.load(users).put("alice", "n3w!".toCharArray(), true).save(users);
      assertThatThrownBy(() -> rows(alice, "SELECT COUNT(*) FROM lake.r"))
          .isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
    }
    try (Connection alice = connect("alice", "n3w!")) {
      assertThat(rows(alice, "SELECT COUNT(*) FROM lake.r")).containsExactly(List.of(1L));
      assertThatThrownBy(() -> update(alice, "INSERT INTO lake.r VALUES (2)"))
          .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
    }
  }

  @Test
  void aUserMadeReadOnlyCannotWriteThroughAnOpenPreparedStatement() throws Exception {
    UsersFile.load(users).put("dave", "pw-dave".toCharArray(), false).save(users);
    try (Connection dave = connect("dave", "pw-dave")) {
      update(dave, "CREATE TABLE lake.d (id INTEGER)");
      try (PreparedStatement insert = dave.prepareStatement("INSERT INTO lake.d VALUES (?)")) {
        insert.setInt(1, 1);
        assertThat(insert.executeUpdate()).isEqualTo(1);
        // same password hash (the token stays valid), role changed to read-only
        String text = Files.readString(users);
        Files.writeString(users, text.replace("dave:rw:", "dave:ro:"));
        insert.setInt(1, 2);
        assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class)
            .hasMessageContaining("read-only");
      }
      assertThat(rows(dave, "SELECT COUNT(*) FROM lake.d")).containsExactly(List.of(1L));
    }
  }
}
