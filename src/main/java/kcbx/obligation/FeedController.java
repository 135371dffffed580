package kcbx.obligation;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.server.util.HttpHostResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import kcbx.api.FeedsApi;
import kcbx.api.model.FeedLink;
import kcbx.api.model.FeedList;
import kcbx.api.model.FeedRequest;
import kcbx.api.model.FeedSummary;
import kcbx.api.model.FeedSummaryState;
import kcbx.api.model.ObligationList;
import kcbx.api.model.Role;
import kcbx.ruleset.ActiveRuleset;
import kcbx.security.FeedLinks;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;

/**
 * HTTP edge of feed links: minted, listed and revoked by credential holders (FeedLinks keeps them),
 * and the one anonymous route, where the secret in the path opens one profile's obligations
 * calendar and nothing else. Every way a secret fails (unknown, revoked, expired, its credential
 * revoked) is the same 404. The access log names the feed by its id, never the path.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class FeedController implements FeedsApi {
    /** Request attribute the access log reads for who fetched (kcbx.audit.AccessLogFilter). */
    static final String ACCESS_ACTOR = "kcbx.access.actor";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final FeedLinks feeds;
    private final ObligationService obligations;
    private final ActiveRuleset rulesets;
    private final HttpHostResolver hosts;
    private final Clock clock = Clock.system(CHINA);

    FeedController(FeedLinks feeds, ObligationService obligations, ActiveRuleset rulesets, HttpHostResolver hosts) {
        this.feeds = feeds;
        this.obligations = obligations;
        this.rulesets = rulesets;
        this.hosts = hosts;
    }

    @Override
    public HttpResponse<FeedLink> createFeed(FeedRequest request) {
        String profile = request.getProfile();
        if (rulesets.get().profile(profile).isEmpty()) {
            throw ProblemException.unknownProfile(profile);
        }
        String role = request.getRole();
        if (role != null) {
            try {
                Role.fromValue(role);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalid(List.of(new FieldProblem("role", "must be a role code such as SCHOOL or TOWNSHIP")));
            }
        }
        String label = request.getLabel() != null ? request.getLabel() : profile + (role == null ? "" : " " + role);
        FeedLinks.Minted minted = feeds.mint(profile, role, label);
        String path = "/v1/feeds/" + minted.secret() + "/obligations.ics";
        HttpRequest<?> current = ServerRequestContext.currentRequest().orElse(null);
        FeedLinks.Feed f = minted.feed();
        FeedLink link = new FeedLink(f.feedId(), hosts.resolve(current) + path, path, f.profile(), f.owner(),
                time(f.createdAtMs()), time(f.expiresAtMs())).label(f.label()).role(f.role());
        // the secret is in this body only: no cache or proxy should keep it
        return HttpResponse.<FeedLink>status(HttpStatus.CREATED).body(link).header("Cache-Control", "no-store");
    }

    @Override
    public FeedList listFeeds() {
        return new FeedList(feeds.visible().stream().map(f -> {
            FeedSummary s = new FeedSummary(f.feedId(), f.profile(), f.owner(), time(f.createdAtMs()), time(f.expiresAtMs()),
                    FeedSummaryState.fromValue(f.state())).label(f.label()).role(f.role());
            return f.revokedAtMs() == null ? s : s.revokedAt(time(f.revokedAtMs()));
        }).toList());
    }

    @Override
    public HttpResponse<Void> revokeFeed(String feedId) {
        if (!feeds.revoke(feedId)) {
            throw ProblemException.notFound("feed link of this credential");
        }
        return HttpResponse.noContent();
    }

    @Override
    public String feedCalendar(String feedSecret, String from, String to) {
        FeedLinks.Feed feed = feeds.serving(feedSecret).orElseThrow(() -> new ProblemException(HttpStatus.NOT_FOUND,
                "not_found", "Not found", "No feed link serves at this path.", List.of()));
        ServerRequestContext.currentRequest().ifPresent(r -> r.setAttribute(ACCESS_ACTOR, "feed:" + feed.feedId()));
        ObligationList list = obligations.list(feed.profile(), from, to, feed.role(), LocalDate.now(clock));
        String name = rulesets.get().profile(feed.profile()).map(p -> p.definition().name()).orElse(feed.profile());
        return ICalendarWriter.write(list, name, clock.instant());
    }

    private static ZonedDateTime time(long ms) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
