package dev.podpreset.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever reaches the HTTP layer of /mutate and /validate gets a 4xx answer, never a 500 or silence,
 * and the server answers a valid review afterwards: bad framing, bad encodings, bad media types,
 * bodies that are not JSON in every way a client can get it wrong. The one exception is framing that
 * breaks after the headers (a bad chunk size): the HTTP codec cannot tell where the next request would
 * start, and Vert.x closes the connection without an answer.
 */
@QuarkusTest
class MalformedHttpTest {

    static Stream<Arguments> requests() throws Exception {
        List<Arguments> all = new ArrayList<>();
        for (String path : List.of("/mutate", "/validate")) {
            String post = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n";
            all.add(Arguments.of(path + " text/plain", bytes(post + "Content-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}")));
            all.add(Arguments.of(path + " no content type", bytes(post + "Content-Length: 9\r\n\r\n{not json")));
            all.add(Arguments.of(path + " unknown charset", bytes(post + "Content-Type: application/json; charset=no-such\r\nContent-Length: 2\r\n\r\n{}")));
            all.add(Arguments.of(path + " form media type", bytes(post + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=%")));
            all.add(Arguments.of(path + " multipart junk", bytes(post + "Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5\r\n\r\n--x\r\n")));
            all.add(Arguments.of(path + " gzip content encoding of junk", bytes(post + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\njunk")));
            all.add(Arguments.of(path + " gzip content encoding of JSON", RawHttp.concat(bytes(post + "Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: "
                    + gzip("{}").length + "\r\n\r\n"), gzip("{}"))));
            all.add(Arguments.of(path + " invalid UTF-8", RawHttp.concat(bytes(post + "Content-Type: application/json\r\nContent-Length: 10\r\n\r\n"),
                    new byte[]{'{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'})));
            all.add(Arguments.of(path + " NUL bytes", RawHttp.concat(bytes(post + "Content-Type: application/json\r\nContent-Length: 4\r\n\r\n"), new byte[4])));
            all.add(Arguments.of(path + " byte order mark", RawHttp.concat(bytes(post + "Content-Type: application/json\r\nContent-Length: 5\r\n\r\n"),
                    new byte[]{(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '}'})));
            all.add(Arguments.of(path + " non-numeric Content-Length", bytes(post + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}")));
            all.add(Arguments.of(path + " negative Content-Length", bytes(post + "Content-Type: application/json\r\nContent-Length: -5\r\n\r\n{}")));
            all.add(Arguments.of(path + " two Content-Lengths", bytes(post + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}")));
            all.add(Arguments.of(path + " chunked not JSON", bytes(post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n9\r\n{not json\r\n0\r\n\r\n")));
            all.add(Arguments.of(path + " chunked empty", bytes(post + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")));
            all.add(Arguments.of(path + " expect 100-continue", bytes(post + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n[]")));
            all.add(Arguments.of(path + " unknown expectation", bytes(post + "Content-Type: application/json\r\nExpect: coffee\r\nContent-Length: 2\r\n\r\n{}")));
            all.add(Arguments.of(path + " accepts only HTML", bytes(post + "Content-Type: application/json\r\nAccept: text/html\r\nContent-Length: 2\r\n\r\n{}")));
            all.add(Arguments.of(path + " deep nesting", withBody(post, "[".repeat(200_000))));
            all.add(Arguments.of(path + " huge number", withBody(post, "{\"apiVersion\":1e999999999,\"kind\":" + "9".repeat(100_000) + "}")));
            all.add(Arguments.of(path + " 2 MiB string", withBody(post, "{\"apiVersion\":\"" + "x".repeat(2 << 20) + "\"}")));
            all.add(Arguments.of(path + " truncated JSON", withBody(post, "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{")));
            all.add(Arguments.of(path + " bad query escape", bytes("POST " + path + "?a=%zz HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")));
            all.add(Arguments.of(path + " header over the limit", bytes(post + "X-Big: " + "x".repeat(40_000) + "\r\nContent-Length: 2\r\n\r\n{}")));
            all.add(Arguments.of(path + " GET", bytes("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")));
            all.add(Arguments.of(path + " PUT", bytes("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void getsA4xxAndTheServerServesOn(String name, byte[] request) throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            RawHttp.Response answer = http.send(request).read();
            assertTrue(answer.status() >= 400 && answer.status() < 500, name + ": " + answer.status() + " " + answer.body());
        }
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            String review = Files.readString(Path.of("examples/requests/frontend-pod.json"));
            assertEquals(200, http.post("/mutate", review).status());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFraming")
    void framingBrokenAfterTheHeadersClosesTheConnectionAndTheServerServesOn(String name, byte[] request) throws Exception {
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            http.send(request);
            assertTrue(http.closedWithin(5_000), name + ": closed");
        }
        try (RawHttp http = new RawHttp(RestAssured.port)) {
            assertEquals(200, http.post("/mutate", Files.readString(Path.of("examples/requests/frontend-pod.json"))).status());
        }
    }

    static Stream<Arguments> brokenFraming() {
        return Stream.of("/mutate", "/validate").map(path -> Arguments.of(path + " bad chunk size", bytes("POST " + path
                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n")));
    }

    private static byte[] withBody(String head, String body) {
        byte[] b = bytes(body);
        return RawHttp.concat(bytes(head + "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n"), b);
    }

    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes(text));
        }
        return out.toByteArray();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
