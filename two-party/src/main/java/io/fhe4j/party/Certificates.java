package io.fhe4j.party;

import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of a test deployment, made with Bouncy Castle: a certificate authority of the
 * run ({@code ca.pem}; its key {@code ca-key.pem}), the server's certificate for the given host
 * names and addresses (TLS server use only) and the owner's (TLS client use only), each with its
 * PKCS#8 private key. ECDSA P-256, SHA-256, keys from {@code SecureRandom}; private keys are
 * written with mode 0600, and no existing file is overwritten. Both parties trust only the run's
 * authority, so a certificate of any other authority is refused by the TLS handshake. Stateless.
 */
public final class Certificates {
  /** The subject of the server's certificate. */
  public static final String SERVER_NAME = "fhe4j-server";
  /** The subject of the owner's certificate. */
  public static final String OWNER_NAME = "fhe4j-owner";

  private Certificates() {}

  /**
   * Writes {@code ca.pem}, {@code server.pem}, {@code server-key.pem}, {@code owner.pem} and {@code
   * owner-key.pem} (and the authority's key {@code ca-key.pem}) into {@code dir}, the server's
   * certificate valid for {@code hosts} (names or IP addresses) and {@code localhost}.
   *
   * @throws FileAlreadyExistsException if one of the files exists (nothing is overwritten)
   */
  public static List<Path> generate(Path dir, List<String> hosts, Duration validity) throws IOException {
    Files.createDirectories(dir);
    for (String f : new String[] {"ca.pem", "ca-key.pem", "server.pem", "server-key.pem", "owner.pem",
        "owner-key.pem"}) {
      if (Files.exists(dir.resolve(f))) {
        throw new FileAlreadyExistsException(dir.resolve(f).toString(), null,
            "certificates exist already; name another folder (nothing was overwritten)");
      }
    }
    try {
      SecureRandom random = new SecureRandom();
      KeyPair ca = keyPair(random);
      X500Name caName = new X500Name("CN=fhe4j run authority");
      Instant now = Instant.now();
      X509Certificate caCert = sign(caName, caName, ca, ca, now, validity, random, b -> {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      });
      KeyPair server = keyPair(random);
      List<GeneralName> names = new ArrayList<>();
      List<String> all = new ArrayList<>(hosts);
      all.add("localhost");
      for (String h : all) {
        names.add(isAddress(h) ? new GeneralName(GeneralName.iPAddress, h) : new GeneralName(GeneralName.dNSName, h));
      }
      names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
      X509Certificate serverCert = sign(new X500Name("CN=" + SERVER_NAME), caName, server, ca, now, validity, random,
          b -> {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            b.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(names.toArray(new GeneralName[0])));
          });
      KeyPair owner = keyPair(random);
      X509Certificate ownerCert = sign(new X500Name("CN=" + OWNER_NAME), caName, owner, ca, now, validity, random,
          b -> b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth)));
      List<Path> out = new ArrayList<>();
      out.add(writePem(dir.resolve("ca.pem"), caCert, false));
      out.add(writePem(dir.resolve("ca-key.pem"), new JcaPKCS8Generator(ca.getPrivate(), null), true));
      out.add(writePem(dir.resolve("server.pem"), serverCert, false));
      out.add(writePem(dir.resolve("server-key.pem"), new JcaPKCS8Generator(server.getPrivate(), null), true));
      out.add(writePem(dir.resolve("owner.pem"), ownerCert, false));
      out.add(writePem(dir.resolve("owner-key.pem"), new JcaPKCS8Generator(owner.getPrivate(), null), true));
      return out;
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("the JDK cannot make ECDSA P-256 keys or certificates: " + e.getMessage(), e);
    }
  }

  private interface Extensions {
    void add(X509v3CertificateBuilder b) throws IOException;
  }

  private static X509Certificate sign(X500Name subject, X500Name issuer, KeyPair subjectKeys, KeyPair issuerKeys,
      Instant now, Duration validity, SecureRandom random, Extensions ext)
      throws IOException, GeneralSecurityException, OperatorCreationException {
    X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(128, random).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, subjectKeys.getPublic());
    JcaX509ExtensionUtils u = new JcaX509ExtensionUtils();
    b.addExtension(Extension.subjectKeyIdentifier, false, u.createSubjectKeyIdentifier(subjectKeys.getPublic()));
    b.addExtension(Extension.authorityKeyIdentifier, false, u.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
    ext.add(b);
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").setSecureRandom(random)
        .build(issuerKeys.getPrivate());
    return new JcaX509CertificateConverter().getCertificate(b.build(signer));
  }

  private static KeyPair keyPair(SecureRandom random) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"), random);
    return g.generateKeyPair();
  }

  private static boolean isAddress(String h) {
    return h.matches("[0-9.]+") || h.contains(":");
  }

  /** Writes one PEM object to a new file; private ones are created with mode 0600. */
  private static Path writePem(Path p, Object o, boolean secret) throws IOException {
    if (secret) {
      try {
        Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(p);
      }
    }
    try (Writer w = Files.newBufferedWriter(p, StandardCharsets.US_ASCII,
        secret ? new StandardOpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING}
            : new StandardOpenOption[] {StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE});
        JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(o);
    }
    return p;
  }

}
