package kcbx.publishing;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.utils.SecurityService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import kcbx.api.RulesetsApi;
import kcbx.api.model.ImpactReport;
import kcbx.api.model.ImpactRequest;
import kcbx.api.model.Publication;
import kcbx.api.model.PublishRequest;
import kcbx.api.model.RulesetDetail;
import kcbx.api.model.RulesetFile;
import kcbx.api.model.RulesetList;
import kcbx.api.model.RulesetSummary;
import kcbx.api.model.ValidationReport;
import kcbx.system.FieldProblem;
import kcbx.system.ProblemException;
import kcbx.engine.RulesetSource;
import kcbx.ruleset.ActiveRuleset;
import kcbx.ruleset.ArchivedVersion;
import kcbx.ruleset.RulesetArchive;
import kcbx.ruleset.RulesetPointer;
import kcbx.ruleset.RulesetVersions;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetException;
import kcbx.ruleset.PublicationRecord;

@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class RulesetsController implements RulesetsApi {
    private static final int DEFAULT_IMPACT_LIMIT = 10_000;

    private final ActiveRuleset active;
    private final RulesetArchive archive;
    private final RulesetPointer pointer;
    private final RulesetVersions versions;
    private final RulesetPublisher publisher;
    private final RulesetImpact impact;
    private final SecurityService security;

    RulesetsController(ActiveRuleset active, RulesetArchive archive, RulesetPointer pointer, RulesetVersions versions,
                       RulesetPublisher publisher, RulesetImpact impact, SecurityService security) {
        this.active = active;
        this.archive = archive;
        this.pointer = pointer;
        this.versions = versions;
        this.publisher = publisher;
        this.impact = impact;
        this.security = security;
    }

    @Override
    public RulesetList listRulesets() {
        String activeVersion = pointer.active().orElse(active.get().version());
        List<RulesetSummary> list = archive.list().stream().map(v -> summary(v, activeVersion)).toList();
        return new RulesetList(activeVersion, list, pointer.publications(null, 100).stream()
                .map(RulesetsController::publication).toList()).servingVersion(active.get().version());
    }

    @Override
    public RulesetDetail getRuleset(String version) {
        ArchivedVersion v = archive.find(version).orElseThrow(() -> ProblemException.notFound("rule set version"));
        RulesetSource source = archive.load(version).orElseThrow(() -> ProblemException.notFound("rule set version"));
        String activeVersion = pointer.active().orElse(active.get().version());
        List<RulesetFile> files = source.files().entrySet().stream().map(e -> new RulesetFile(e.getKey(),
                new String(e.getValue(), StandardCharsets.UTF_8)).sha256(RulesetArchive.sha256(e.getValue()))).toList();
        return new RulesetDetail(version, time(v.createdAtMs()), v.origin(), version.equals(activeVersion), files,
                pointer.publications(version, 100).stream().map(RulesetsController::publication).toList())
                .note(v.note());
    }

    @Override
    public Publication publishRuleset(PublishRequest request) {
        boolean byVersion = request.getRulesetVersion() != null;
        if (byVersion == (request.getFiles() != null)) {
            throw oneOf();
        }
        // who published is the credential that called, whatever the body's publishedBy says (that field
        // is still accepted so older clients keep working, and is not recorded)
        String by = caller();
        PublicationRecord p = byVersion
                ? publisher.republish(request.getRulesetVersion(), by, request.getReason())
                        .orElseThrow(() -> ProblemException.notFound("rule set version"))
                : publisher.publish(source(request.getFiles()), scenarios(request.getScenarios()), by,
                        request.getReason());
        return publication(p);
    }

    @Override
    public ValidationReport validateRuleset(CompletedFileUpload file) {
        RulesetSource source;
        try {
            source = RulesetZip.read(file.getBytes());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "invalid_zip", "Not a rules folder zip", e.getMessage(),
                    List.of(new FieldProblem("file", "is not a usable zip of a rules folder")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ValidationReport report = new ValidationReport(true, source.version(), source.files().size(), List.of());
        try {
            CompiledRuleset compiled = new RulesetCompiler().compile(source);
            return report.profiles(List.copyOf(compiled.profiles().keySet()));
        } catch (RulesetException e) {
            return report.valid(false).problems(e.problems().stream().map(p -> new kcbx.api.model.RulesetProblem(
                    p.file(), p.line(), p.column(), p.message())).toList());
        }
    }

    @Override
    public ImpactReport rulesetImpact(ImpactRequest request) {
        if (!request.getFrom().isBefore(request.getTo())) {
            throw ProblemException.invalid(List.of(new FieldProblem("to", "must be after from")));
        }
        boolean byVersion = request.getRulesetVersion() != null;
        if (byVersion == (request.getFiles() != null)) {
            throw oneOf();
        }
        CompiledRuleset candidate = byVersion
                ? versions.find(request.getRulesetVersion()).orElseThrow(() -> ProblemException.notFound("rule set version"))
                : RulesetPublisher.compileOrRefuse(source(request.getFiles()));
        return impact.impact(candidate, request.getFrom().toInstant().toEpochMilli(),
                request.getTo().toInstant().toEpochMilli(),
                request.getLimit() == null ? DEFAULT_IMPACT_LIMIT : request.getLimit());
    }

    /** The identity of the calling credential ("credential:&lt;id&gt;", or an identity provider's subject). */
    private String caller() {
        return security.getAuthentication().map(a -> a.getName()).filter(n -> !n.isBlank())
                .orElseThrow(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthorized",
                        "A publication is recorded with the identity of its credential, and this request has none.",
                        List.of()));
    }

    private static ProblemException oneOf() {
        return ProblemException.invalid(List.of(new FieldProblem("rulesetVersion", "give either rulesetVersion or files")));
    }

    private static Map<String, String> scenarios(List<RulesetFile> files) {
        if (files == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach(f -> out.put(f.getPath(), f.getContent()));
        return out;
    }

    private static RulesetSource source(List<RulesetFile> files) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            String path = files.get(i).getPath();
            if (path.startsWith("/") || path.contains("..") || map.put(path, files.get(i).getContent()
                    .getBytes(StandardCharsets.UTF_8)) != null) {
                throw ProblemException.invalid(List.of(new FieldProblem("files[" + i + "].path",
                        "must be a relative path inside the rules folder, once")));
            }
        }
        return new RulesetSource(map);
    }

    private static RulesetSummary summary(ArchivedVersion v, String activeVersion) {
        return new RulesetSummary(v.version(), time(v.createdAtMs()), v.fileCount(), v.origin(),
                v.version().equals(activeVersion)).note(v.note());
    }

    static Publication publication(PublicationRecord p) {
        return new Publication(p.version(), time(p.publishedAtMs()), p.publishedBy(), p.reason(), p.scenariosRun(),
                p.scenariosPassed()).previousVersion(p.previousVersion());
    }

    private static ZonedDateTime time(long ms) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
    }
}
