package dev.podpreset.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.UnpooledByteBufAllocator;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * A request body, whole: an array on the heap, or for a body over the offload threshold ({@link RequestBody}) memory
 * outside the heap, freed when the body is {@linkplain #close closed} once answered. A multi-MiB pod held on the heap
 * outlives the young collections during its review, is promoted, and fills the old generation, so that every few
 * large pods cost a full collection that every small review in flight waits for.
 */
public sealed interface BodyBytes extends AutoCloseable {

    /** A body on the heap. */
    static BodyBytes of(byte[] bytes) {
        return new Heap(bytes);
    }

    /** Bytes held outside the heap by bodies not closed yet. */
    static long heldOutsideHeap() {
        return OutsideHeap.ALLOCATOR.metric().usedDirectMemory();
    }

    int length();

    byte byteAt(int index);

    /** A parser of {@code mapper}'s over {@code [from, to)}; the offsets it tells count from {@code from}. */
    JsonParser parser(ObjectMapper mapper, int from, int to) throws IOException;

    /** Frees what the body holds; reading it afterwards throws. Closing twice does nothing. */
    @Override
    void close();

    record Heap(byte[] bytes) implements BodyBytes {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public byte byteAt(int index) {
            return bytes[index];
        }

        @Override
        public JsonParser parser(ObjectMapper mapper, int from, int to) throws IOException {
            return mapper.createParser(bytes, from, to - from);
        }

        @Override
        public void close() {
            // the collector frees it
        }
    }

    /**
     * A body in memory of its own outside the heap. Netty checks the reference count on every read, so that a read
     * after {@link #close} throws instead of touching freed memory.
     */
    final class OutsideHeap implements BodyBytes {
        /** Unpooled, so that freeing gives the memory back instead of keeping it for the next large body. */
        private static final UnpooledByteBufAllocator ALLOCATOR = new UnpooledByteBufAllocator(true);

        private final ByteBuf bytes;

        private OutsideHeap(ByteBuf bytes) {
            this.bytes = bytes;
        }

        /** An empty buffer outside the heap that can grow to {@code maxCapacity}; released by whoever holds it. */
        static ByteBuf buffer(int initialCapacity, int maxCapacity) {
            return ALLOCATOR.directBuffer(initialCapacity, maxCapacity);
        }

        /** The body written into {@code bytes} (from index 0), which it now owns: closing it releases them. */
        static OutsideHeap of(ByteBuf bytes) {
            return new OutsideHeap(bytes);
        }

        @Override
        public int length() {
            return bytes.writerIndex();
        }

        @Override
        public byte byteAt(int index) {
            Objects.checkIndex(index, length());
            return bytes.getByte(index);
        }

        @Override
        public JsonParser parser(ObjectMapper mapper, int from, int to) throws IOException {
            Objects.checkFromToIndex(from, to, length());
            return mapper.createParser((InputStream) new ByteBufInputStream(bytes.slice(from, to - from)));
        }

        @Override
        public void close() {
            if (bytes.refCnt() > 0) {
                bytes.release();
            }
        }
    }
}
