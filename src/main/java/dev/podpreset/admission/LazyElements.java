package dev.podpreset.admission;

import com.fasterxml.jackson.databind.JsonNode;
import dev.podpreset.http.BodyBytes;

import java.util.AbstractList;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The elements of a large array of a review ({@link ReviewTreeReader}), kept as where each lies in the body and
 * built again each time one is read: a new node every time, which nothing may change (writes are refused, as
 * everywhere in a request object). Reading all of them in order ({@link #iterator}) takes one parser; reading one
 * by index takes a parser of its own.
 */
final class LazyElements extends AbstractList<JsonNode> {
    private final ReviewTreeReader reader;
    private final BodyBytes body;
    /** The array itself, {@code [} to {@code ]}. */
    private final int from;
    private final int to;
    /** Where each element starts; it ends before the white space and comma that precede the next. */
    private final int[] starts;

    LazyElements(ReviewTreeReader reader, BodyBytes body, int from, int to, int[] starts) {
        this.reader = reader;
        this.body = body;
        this.from = from;
        this.to = to;
        this.starts = starts;
    }

    @Override
    public JsonNode get(int index) {
        Objects.checkIndex(index, size());
        return reader.readAgain(body, starts[index], end(index));
    }

    @Override
    public int size() {
        return starts.length;
    }

    /**
     * Just past element {@code index}'s last byte. Exactly there, not at the comma: a number read on its own must
     * end at white space or the end of its input. The body was read as strict JSON, so between two elements there is
     * one comma and JSON's white space only, and before the {@code ]} white space only.
     */
    private int end(int index) {
        boolean last = index == starts.length - 1;
        int at = last ? to - 1 : starts[index + 1];
        at = beforeWhiteSpace(at);
        return last ? at : beforeWhiteSpace(at - 1);
    }

    private int beforeWhiteSpace(int at) {
        for (byte b = body.byteAt(at - 1); b == ' ' || b == '\n' || b == '\r' || b == '\t'; b = body.byteAt(at - 1)) {
            at--;
        }
        return at;
    }

    @Override
    public Iterator<JsonNode> iterator() {
        return listIterator(0);
    }

    /** Jackson's ArrayNode iterates its elements with this. */
    @Override
    public ListIterator<JsonNode> listIterator(int index) {
        Objects.checkIndex(index, size() + 1);
        return new InOrder(index);
    }

    /**
     * Reads forward from the start with one parser; from anywhere else (a start past 0, after {@link #previous})
     * by index.
     */
    private final class InOrder implements ListIterator<JsonNode> {
        private ReviewTreeReader.Elements elements;
        /** Elements the parser has read. */
        private int parsed;
        private int cursor;

        InOrder(int cursor) {
            this.cursor = cursor;
        }

        @Override
        public boolean hasNext() {
            return cursor < size();
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            JsonNode element;
            if (cursor == parsed) {
                if (elements == null) {
                    elements = reader.readEach(body, from, to);
                }
                element = elements.next();
                if (++parsed == size()) {
                    elements.close();
                }
            } else {
                element = get(cursor);
            }
            cursor++;
            return element;
        }

        @Override
        public boolean hasPrevious() {
            return cursor > 0;
        }

        @Override
        public JsonNode previous() {
            if (!hasPrevious()) {
                throw new NoSuchElementException();
            }
            return get(--cursor);
        }

        @Override
        public int nextIndex() {
            return cursor;
        }

        @Override
        public int previousIndex() {
            return cursor - 1;
        }

        @Override
        public void remove() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void set(JsonNode node) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void add(JsonNode node) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Element by element in one pass each, where AbstractList's would read every element of this list by index
     * (its hashCode iterates already).
     */
    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (!(o instanceof List<?> other) || other.size() != size()) {
            return false;
        }
        Iterator<?> theirs = other.iterator();
        for (JsonNode mine : this) {
            if (!mine.equals(theirs.next())) {
                return false;
            }
        }
        return true;
    }
}
