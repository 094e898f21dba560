package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Errors become short JSON messages: 400 for a request we cannot read, 500 without details for our
 * own faults (the stack trace goes to the log only).
 */
public class AdmissionExceptionMappers {
    private static final Logger LOG = Logger.getLogger(AdmissionExceptionMappers.class);

    @ServerExceptionMapper
    public Response badRequest(BadAdmissionRequestException e) {
        return json(Response.Status.BAD_REQUEST, e.getMessage());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof jakarta.ws.rs.WebApplicationException w) {
            return json(Response.Status.fromStatusCode(w.getResponse().getStatus()), w.getMessage());
        }
        LOG.error("Unexpected error while answering an admission request", e);
        return json(Response.Status.INTERNAL_SERVER_ERROR, "internal error; see the podpreset-injector log");
    }

    static Response json(Response.Status status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("code", status.getStatusCode());
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
