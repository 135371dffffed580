package kcbx.console;

import io.micronaut.core.io.ResourceResolver;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import kcbx.system.ProblemException;

/**
 * The console's page at {@code /console/}. The router takes {@code /console/} for {@code /console},
 * so both arrive here: the page is served at {@code /console/} (its scripts and styles are named
 * relative to it, and come from the static resources under {@code /console/**}); {@code /console}
 * is sent there.
 */
@Controller
class ConsoleController {
    private final ResourceResolver resources;

    ConsoleController(ResourceResolver resources) {
        this.resources = resources;
    }

    @Get("/console")
    HttpResponse<?> console(HttpRequest<?> request) {
        if (!request.getPath().endsWith("/")) {
            return HttpResponse.permanentRedirect(URI.create("/console/"));
        }
        try (InputStream in = resources.getResourceAsStream("classpath:console/index.html")
                .orElseThrow(() -> ProblemException.notFound("page"))) {
            return HttpResponse.ok(in.readAllBytes()).contentType(MediaType.TEXT_HTML + ";charset=utf-8");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
