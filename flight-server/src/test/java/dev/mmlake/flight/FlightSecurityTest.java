package dev.mmlake.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Username/password auth, bearer tokens, read-only users and TLS with a self-signed cert. */
class FlightSecurityTest extends FlightTestBase {
  private Path cert;

  @Override
  ServerConfig config() {
    try {
      Path users = dir.resolve("users");
      UsersFile.load(users).put("alice", "s3cret!".toCharArray(), false)
          .put("reader", "look-only".toCharArray(), true).save(users);
      cert = dir.resolve("cert.pem");
      Path key = dir.resolve("key.pem");
      selfSignedPair(cert, key);
      return ServerConfig.local(0).withUsers(users).withTls(cert, key);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  String url() {
    return "jdbc:arrow-flight-sql://localhost:" + server.port() + "?useEncryption=true&tlsRootCerts="
        + cert.toAbsolutePath();
  }

  @Test
  void passwordUserRoundTripsOverTls() throws Exception {
    try (Connection c = connect("alice", "s3cret!")) {
      update(c, "CREATE TABLE lake.secure (id INTEGER)");
      update(c, "INSERT INTO lake.secure VALUES (7)");
      assertThat(rows(c, "SELECT id FROM lake.secure")).containsExactly(List.of(7));
      assertThat(c.getMetaData().isReadOnly()).isFalse();
    }
  }

  @Test
  void wrongPasswordAndMissingCredentialsAreRejected() {
    assertThatThrownBy(() -> {
      try (Connection c = connect("alice", "wrong")) {
        rows(c, "SELECT 1");
      }
    }).isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
    assertThatThrownBy(() -> {
      try (Connection c = connect("nobody", "s3cret!")) {
        rows(c, "SELECT 1");
      }
    }).isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
    assertThatThrownBy(() -> {
      try (Connection c = DriverManager.getConnection(url(), new Properties())) {
        rows(c, "SELECT 1");
      }
    }).isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
    Properties bogus = new Properties();
    bogus.setProperty("token", "not-a-token-this-server-issued");
    assertThatThrownBy(() -> {
      try (Connection c = DriverManager.getConnection(url(), bogus)) {
        rows(c, "SELECT 1");
      }
    }).isInstanceOf(SQLException.class).hasStackTraceContaining("UNAUTHENTICATED");
  }

  @Test
  void plaintextClientCannotTalkToTheTlsServer() {
    String plain = "jdbc:arrow-flight-sql://localhost:" + server.port() + "?useEncryption=false";
    Properties p = new Properties();
    p.setProperty("user", "alice");
    p.setProperty("password", "s3cret!");
    assertThatThrownBy(() -> {
      try (Connection c = DriverManager.getConnection(plain, p)) {
        rows(c, "SELECT 1");
      }
    }).isInstanceOf(SQLException.class);
  }

  @Test
  void readOnlyUserMayQueryButNotWrite() throws Exception {
    try (Connection c = connect("alice", "s3cret!")) {
      update(c, "CREATE TABLE lake.shared (id INTEGER)");
      update(c, "INSERT INTO lake.shared VALUES (1)");
    }
    try (Connection c = connect("reader", "look-only")) {
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.shared")).containsExactly(List.of(1L));
      assertThat(c.getMetaData().isReadOnly()).isTrue();
      assertThatThrownBy(() -> update(c, "INSERT INTO lake.shared VALUES (2)"))
          .isInstanceOf(SQLException.class).hasMessageContaining("read-only")
          .hasMessageContaining("Permission denied");
      assertThatThrownBy(() -> update(c, "CREATE TABLE lake.nope (id INTEGER)"))
          .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
      assertThatThrownBy(() -> update(c, "DROP TABLE lake.shared"))
          .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
      assertThat(rows(c, "SELECT COUNT(*) FROM lake.shared")).containsExactly(List.of(1L));
    }
    assertThat(engine.lakehouse().catalog().tableExists(
        TableIdentifier.of("lake", "nope"))).isFalse();
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutAuth() {
    ServerConfig open = new ServerConfig("0.0.0.0", 0, null, null, null, 0, Duration.ZERO,
        Duration.ofMinutes(1));
    assertThatThrownBy(() -> MmlakeFlightServer.start(engine, open))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--users-file");
  }

  @Test
  void usersFileStoresOnlySaltedHashes() throws Exception {
    Path f = dir.resolve("users2");
    UsersFile.load(f).put("bob", "hunter2".toCharArray(), false).save(f);
    String text = Files.readString(f);
    assertThat(text).doesNotContain("hunter2").contains("bob:rw:" + UsersFile.ITERATIONS + ":");
    UsersFile again = UsersFile.load(f);
    assertThat(again.verify("bob", "hunter2")).isPresent();
    assertThat(again.verify("bob", "hunter3")).isEmpty();
    UsersFile.load(f).put("bob", "hunter2".toCharArray(), false).save(f);
    assertThat(Files.readString(f)).isNotEqualTo(text); // fresh salt every time
  }

  /** A self-signed certificate for localhost/127.0.0.1 and its PKCS#8 key, as PEM files. */
  static void selfSignedPair(Path certFile, Path keyFile) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair kp = g.generateKeyPair();
    X500Name name = new X500Name("CN=localhost");
    long now = System.currentTimeMillis();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now),
        new Date(now - 60_000), new Date(now + 86_400_000L), name, kp.getPublic());
    b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
        new GeneralName(GeneralName.dNSName, "localhost"),
        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
    X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
        b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate())));
    try (Writer w = Files.newBufferedWriter(certFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(cert);
    }
    try (Writer w = Files.newBufferedWriter(keyFile); JcaPEMWriter pem = new JcaPEMWriter(w)) {
      pem.writeObject(new JcaPKCS8Generator(kp.getPrivate(), null));
    }
  }
}
