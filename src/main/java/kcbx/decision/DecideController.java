package kcbx.decision;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.netty.NettyHttpRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.audit.Actor;
import kcbx.security.SchoolScope;
import kcbx.system.ReceivedBody;

/**
 * HTTP edge of POST /v1/decisions (openapi/decision-api.yaml, operation decide, tag decide). It
 * does not implement the generated DecideApi, whose method returns the decision itself: a thread
 * would then wait out each request, first for its turn to decide, then for its chain's group to
 * commit, and every wait was a thread put to sleep and woken (on two cores the kernel's scheduling
 * was a tenth of the warm HTTP profile). Here the request is checked on its event loop (the body
 * against the contract by {@code ContractFilter}, the school against the caller's scope), decided
 * on a deciding thread and recorded by the chain's writer, and the answer is written when the
 * group holding it commits: the recorded bytes, never a decision that was not recorded.
 */
@Controller
class DecideController {
    private final DecisionService decisions;
    private final SchoolScope scope;
    private final DecisionRequestReader requests;

    DecideController(DecisionService decisions, SchoolScope scope, DecisionRequestReader requests) {
        this.decisions = decisions;
        this.scope = scope;
        this.requests = requests;
    }

    @Post("/v1/decisions")
    @Produces({"application/json", "application/problem+json"}) // as the generated DecideApi
    CompletableFuture<Decision> decide(HttpRequest<?> request, @Body byte[] body) {
        // the body as ContractFilter checked it: bound from the tree it read (DecisionRequestReader), the
        // bytes stored and chained as received; the contract's check stands for the beans' constraints
        byte[] received = ReceivedBody.of(request).orElse(body); // the very bytes the check read
        DecisionRequest decisionRequest = requests.fromRequest(request, received);
        scope.requireServes(decisionRequest.getStudent().getSchoolId());
        return decisions.decideAsync(decisionRequest, received, Actor.current(null))
                .thenApplyAsync(recorded -> RecordedAnswer.answer(request, recorded.decisionUtf8()), loopOf(request));
    }

    /**
     * The event loop of the request's connection: the answer is made and written there, so the
     * chain's writer, which completes a whole group's futures, goes on to the next group at once
     * (answering 20 requests on the writer's thread one after the other left a fifth of the machine
     * idle). Outside a Netty server (never in service) the answer is made where the future completes.
     */
    static Executor loopOf(HttpRequest<?> request) {
        return request instanceof NettyHttpRequest<?> netty ? netty.getChannelHandlerContext().channel().eventLoop() : Runnable::run;
    }
}
