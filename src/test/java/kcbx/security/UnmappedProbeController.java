package kcbx.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/**
 * A route that application.yml grants to nobody, standing for an endpoint someone adds without
 * giving it roles: the access tests show it is refused to every caller (default deny).
 */
@Controller("/v1/probe-unmapped")
@Requires(env = "test")
class UnmappedProbeController {
    static final String PATH = "/v1/probe-unmapped";

    @Get
    String probe() {
        return "reached";
    }
}
