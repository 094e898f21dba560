package dev.podpreset.admission;

/** A request body we cannot answer as an AdmissionReview: a client error (HTTP 400). */
public class BadAdmissionRequestException extends RuntimeException {
    public BadAdmissionRequestException(String message) {
        super(message);
    }
}
