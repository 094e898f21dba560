package dev.podpreset.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** The one shape of every error answer on the webhook port: {@code {"code": STATUS, "message": "..."}}. */
public final class ErrorAnswer {
    private ErrorAnswer() {
    }

    /** Ends {@code response} with {@code status} and the message. */
    public static Future<Void> send(HttpServerResponse response, int status, String message) {
        return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new JsonObject().put("code", status).put("message", message).encode());
    }
}
