package dev.podpreset.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.podpreset.http.BodyBytes;
import dev.podpreset.http.ErrorAnswer;
import dev.podpreset.http.LargeBodyPool;
import dev.podpreset.http.RequestBody;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.function.Function;

/**
 * The webhook's endpoints, {@code POST /mutate} and {@code POST /validate}: an AdmissionReview in, one out. Plain
 * Vert.x routes: the work is CPU only, on the event loop that read the body, except for a body over the offload
 * threshold, which is held outside the heap and worked on by the {@link LargeBodyPool}. A body that is not an
 * AdmissionReview gets 400; a fault of ours gets 500 without details, the stack trace going to the log only. Other
 * methods get 405.
 */
@ApplicationScoped
public class AdmissionRoutes {
    private static final Logger LOG = Logger.getLogger(AdmissionRoutes.class);

    @Inject
    PodMutator mutator;
    @Inject
    PresetAdmissionValidator validator;
    @Inject
    LargeBodyPool largeBodies;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        route(router, "/mutate", mutator::mutate);
        route(router, "/validate", validator::validate);
    }

    private void route(Router router, String path, Function<BodyBytes, ObjectNode> review) {
        Function<BodyBytes, byte[]> work = body -> AdmissionResponses.reviewBytes(review.apply(body));
        router.post(path).handler(ctx -> RequestBody.read(ctx, maxBodySize.asLongValue(), largeBodies.threshold(),
                        body -> answer(ctx, body, work)))
                .failureHandler(AdmissionRoutes::unreadBody);
    }

    /**
     * The only failure these routes see is a body that could not be read, since {@link #answer} answers every
     * outcome of the work itself: one over the limit (413), an expectation we do not meet (417), or a client that
     * broke the framing or went away. None is a fault of ours, so none is logged as one.
     */
    private static void unreadBody(RoutingContext ctx) {
        if (ctx.statusCode() == 413) {
            ErrorAnswer.send(ctx.response(), 413, "request body over the limit (quarkus.http.limits.max-body-size)");
            return;
        }
        if (ctx.statusCode() == 417) {
            ErrorAnswer.send(ctx.response(), 417, "the only expectation met is 100-continue");
            return;
        }
        LOG.debugf("Request body from %s not read: %s", ctx.request().remoteAddress(), ctx.failure());
        if (!ctx.response().ended() && !ctx.response().closed()) {
            ErrorAnswer.send(ctx.response(), 400, "request body could not be read");
        }
    }

    private void answer(RoutingContext ctx, BodyBytes body, Function<BodyBytes, byte[]> work) {
        largeBodies.run(body, work).subscribe().with(
                answer -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Buffer.buffer(answer)),
                failure -> fail(ctx, failure));
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        if (failure instanceof BadAdmissionRequestException) {
            ErrorAnswer.send(ctx.response(), 400, failure.getMessage());
            return;
        }
        LOG.error("Unexpected error while answering an admission request", failure);
        ErrorAnswer.send(ctx.response(), 500, "internal error; see the podpreset-injector log");
    }
}
