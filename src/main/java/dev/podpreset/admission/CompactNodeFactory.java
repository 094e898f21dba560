package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Jackson's node factory with objects on {@link CompactObjectFields}: the objects of a parsed review, and those made
 * from it (copies and new objects ask the factory of the tree they belong to).
 */
final class CompactNodeFactory extends JsonNodeFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new CompactObjectFields());
    }
}
