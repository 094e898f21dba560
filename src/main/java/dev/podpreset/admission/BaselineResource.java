package dev.podpreset.admission;

import dev.podpreset.config.InjectorConfig;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.nio.charset.StandardCharsets;

/**
 * A reference point for load tests, only with {@code podpreset.benchmark-endpoints=true}: takes the
 * body like {@code /mutate} does and answers a constant "allowed" AdmissionReview without reading it,
 * so its throughput is what the server's HTTPS and HTTP layers allow with no admission work at all.
 */
@Path("/baseline/allow")
public class BaselineResource {
    private static final byte[] ALLOWED = ("{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\","
            + "\"response\":{\"uid\":\"\",\"allowed\":true}}").getBytes(StandardCharsets.UTF_8);

    @Inject
    InjectorConfig config;

    @POST
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] allow(byte[] body) {
        if (!config.benchmarkEndpoints()) {
            throw new NotFoundException();
        }
        return ALLOWED;
    }
}
