package dev.podpreset.api.schema;

/** The operators of a label selector requirement, as Kubernetes defines them. */
public enum SelectorOperator {
    In, NotIn, Exists, DoesNotExist
}
