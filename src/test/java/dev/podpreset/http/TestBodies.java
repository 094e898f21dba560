package dev.podpreset.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.List;

/** Request bodies in the forms {@link RequestBody} hands on, for tests that read them without a server. */
public final class TestBodies {
    private TestBodies() {
    }

    /** A copy of {@code bytes} outside the heap; close it. */
    public static BodyBytes outsideHeap(byte[] bytes) {
        ByteBuf buffer = Unpooled.directBuffer(bytes.length);
        buffer.writeBytes(bytes);
        return BodyBytes.OutsideHeap.of(buffer);
    }

    /** {@code bytes} on the heap, then a copy outside it; close them. */
    public static List<BodyBytes> bothForms(byte[] bytes) {
        return List.of(BodyBytes.of(bytes), outsideHeap(bytes));
    }
}
