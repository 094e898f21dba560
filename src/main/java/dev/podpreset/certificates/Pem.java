package dev.podpreset.certificates;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/** PEM text of certificates and private keys, as kept in a kubernetes.io/tls Secret. */
final class Pem {
    private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    static String certificates(List<X509Certificate> certificates) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                block(out, "CERTIFICATE", certificate.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException("cannot encode certificate " + certificate.getSubjectX500Principal(), e);
            }
        }
        return out.toString();
    }

    /** PKCS#8 ("PRIVATE KEY"), which every TLS stack reads. */
    static String privateKey(PrivateKey key) {
        StringBuilder out = new StringBuilder();
        block(out, "PRIVATE KEY", key.getEncoded());
        return out.toString();
    }

    /** Every certificate in the text, in order; an error names what is wrong without echoing the content. */
    static List<X509Certificate> parseCertificates(String pem) throws CertificateException {
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
    }

    /** A PKCS#8 or traditional (PKCS#1 / SEC1) private key. */
    static PrivateKey parsePrivateKey(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException("no private key in the PEM text");
        }
    }

    private static void block(StringBuilder out, String type, byte[] der) {
        out.append("-----BEGIN ").append(type).append("-----\n")
                .append(MIME.encodeToString(der)).append('\n')
                .append("-----END ").append(type).append("-----\n");
    }
}
