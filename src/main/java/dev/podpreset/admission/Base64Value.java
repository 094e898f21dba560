package dev.podpreset.admission;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

import java.io.IOException;
import java.util.Base64;

/**
 * Bytes written as a JSON string in standard, padded base64 (the patch of an AdmissionReview). The JDK
 * encoder is an intrinsic of C2 (not of C1) and its output needs no escaping, so the text goes out as is;
 * Jackson's own binary writer encodes byte by byte, and a base64 String would be scanned for escapes:
 * together the largest cost of answering a small pod.
 */
record Base64Value(byte[] data) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator g, SerializerProvider provider) throws IOException {
        byte[] text = Base64.getEncoder().encode(data);
        g.writeRawUTF8String(text, 0, text.length);
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializerProvider provider, TypeSerializer typeSer)
            throws IOException {
        serialize(g, provider);
    }

    /** The base64 text, which is also what the tree node holding this value answers to {@code asText()}. */
    @Override
    public String toString() {
        return Base64.getEncoder().encodeToString(data);
    }
}
