package kcbx.decision;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDictTrainer;
import io.micronaut.serde.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import kcbx.api.model.Decision;
import kcbx.api.model.DecisionRequest;
import kcbx.engine.CompiledRuleset;
import kcbx.engine.ProfileRules;
import kcbx.engine.RulesetCompiler;
import kcbx.engine.RulesetSource;

/**
 * Trains the zstd dictionaries of stored request and decision JSON (kcbx.system.JsonDictionaries)
 * on JSON made by the service's own engine and serialiser: every scenario request under
 * test-fixtures/scenarios in each of the six profiles, and students generated from a fixed seed
 * (varied terms of attendance, groups and interventions; not the benchmark's student). The same
 * rules, fixtures and zstd-jni give the same bytes, so the same ids.
 *
 * <pre>
 * ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp target/test-classes:target/classes:$(cat target/cp.txt) kcbx.decision.TrainDictionaries [write|measure]
 * </pre>
 * {@code write} (the default) writes request-ID.dict and decision-ID.dict into
 * src/main/resources/kcbx/system/dictionaries and appends them to its index.txt (the last of each
 * kind is the current one); an id already listed is left alone. {@code measure} writes nothing and
 * prints bytes per request and decision without a dictionary and with dictionaries of several
 * sizes trained on parts of the corpus, each measured on JSON it was not trained on. {@code shipped}
 * prints what the shipped (current) dictionaries do through kcbx.system.StoredJson on the benchmark's
 * student and on the fixtures of each profile, and microseconds per compress and decompress call.
 */
public final class TrainDictionaries {
    static final Path DICTIONARIES = Path.of("src/main/resources/kcbx/system/dictionaries");
    static final List<String> PROFILES = List.of("baseline", "helan", "baiyin", "boshan", "rongchang", "zhongyang");
    /**
     * The sizes, chosen from {@code measure} (2026-12-03, held-out JSON): requests are smallest with
     * 16-32 KB (a larger request dictionary did worse: 112 KB gave 96 B on held-out fixtures against
     * 60 B); decisions shrink up to about 64 KB and hardly after (64 KB: 244 B on fixtures, 301 B on
     * generated students, 907 B on the benchmark's; 112 KB: 228, 302, 893).
     */
    static final int REQUEST_KB = 32;
    static final int DECISION_KB = 64;
    /** The size {@code measure} compares training sets at. */
    static final int DEFAULT_KB = 32;
    static final int GENERATED = 1200;
    static final long SEED = 20251203L;
    static final Instant DECIDED_AT = Instant.parse("2026-01-09T08:00:00.123Z");

    /** A request as stored and the decision's JSON as stored. */
    record Sample(String request, String decision) {
    }

    private final ObjectMapper json;
    private final CompiledRuleset rules;

    TrainDictionaries() {
        json = ObjectMapper.create(Map.of("micronaut.serde.serialization.inclusion", "non_absent"), "kcbx.api");
        rules = new RulesetCompiler().compile(RulesetSource.fromDirectory(Path.of("rules")));
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "write";
        TrainDictionaries t = new TrainDictionaries();
        List<Sample> fixtures = t.fixtures();
        List<Sample> generated = t.generated(GENERATED, SEED);
        System.out.printf("corpus: %d fixture decisions, %d generated, rule set %s%n", fixtures.size(), generated.size(),
                t.rules.version());
        switch (mode) {
            case "write" -> t.write(fixtures, generated);
            case "measure" -> t.measure(fixtures, generated);
            case "shipped" -> t.shipped(fixtures, generated);
            case "levels" -> t.levels(fixtures, generated);
            default -> throw new IllegalArgumentException("mode: write, measure, shipped or levels");
        }
    }

    private void write(List<Sample> fixtures, List<Sample> generated) throws IOException {
        List<Sample> all = new ArrayList<>(fixtures);
        all.addAll(generated);
        Files.createDirectories(DICTIONARIES);
        Path index = DICTIONARIES.resolve("index.txt");
        List<String> listed = Files.exists(index) ? Files.readAllLines(index) : new ArrayList<>();
        List<String> lines = new ArrayList<>(listed);
        for (String kind : List.of("request", "decision")) {
            byte[] dict = train(all, kind.equals("request"), kind.equals("request") ? REQUEST_KB : DECISION_KB);
            String name = kind + "-" + Zstd.getDictIdFromDict(dict) + ".dict";
            Files.write(DICTIONARIES.resolve(name), dict);
            if (!listed.contains(name)) {
                lines.add(name);
            }
            System.out.printf("%s: %d bytes%n", DICTIONARIES.resolve(name), dict.length);
        }
        Files.write(index, lines);
    }

    private void measure(List<Sample> fixtures, List<Sample> generated) {
        // a fixed split: fixtures and generated students each in a training and a held-out part
        List<Sample> fixTrain = new ArrayList<>();
        List<Sample> fixTest = new ArrayList<>();
        for (int i = 0; i < fixtures.size(); i++) {
            (i % 5 == 4 ? fixTest : fixTrain).add(fixtures.get(i));
        }
        List<Sample> genTrain = generated.subList(0, generated.size() * 4 / 5);
        List<Sample> genTest = generated.subList(generated.size() * 4 / 5, generated.size());
        List<Sample> bench = bench(200);
        List<Sample> mixedTrain = new ArrayList<>(fixTrain);
        mixedTrain.addAll(genTrain);
        Map<String, List<Sample>> tests = new java.util.LinkedHashMap<>();
        tests.put("fixtures (held out)", fixTest);
        tests.put("generated (held out)", genTest);
        tests.put("bench helan students", bench);
        for (String profile : PROFILES) {
            tests.put("fixtures " + profile + " (held out)", fixTest.stream()
                    .filter(s -> s.request().contains("\"profile\":\"" + profile + "\"")).toList());
        }
        System.out.println("average stored bytes (request / decision), raw UTF-8 -> zstd level 3 without a dictionary:");
        tests.forEach((name, set) -> System.out.printf("  %-34s raw %6.0f / %6.0f   plain %5.0f / %5.0f%n", name,
                avg(set, true, s -> s.length), avg(set, false, s -> s.length),
                avg(set, true, s -> Zstd.compress(s, 3).length), avg(set, false, s -> Zstd.compress(s, 3).length)));
        Map<String, List<Sample>> trainings = new java.util.LinkedHashMap<>();
        trainings.put("fixtures only", fixTrain);
        trainings.put("generated only", genTrain);
        trainings.put("bench only", bench(400).subList(200, 400));
        trainings.put("fixtures + generated", mixedTrain);
        for (int kb : new int[] {16, 32, 64, 112}) {
            for (Map.Entry<String, List<Sample>> training : trainings.entrySet()) {
                if (kb != DEFAULT_KB && !training.getKey().equals("fixtures + generated")) {
                    continue;
                }
                byte[] req = train(training.getValue(), true, kb);
                byte[] dec = train(training.getValue(), false, kb);
                System.out.printf("dictionary %d KB trained on %s (%d decisions):%n", kb, training.getKey(), training.getValue().size());
                tests.forEach((name, set) -> System.out.printf("  %-34s %5.0f / %5.0f%n", name,
                        avg(set, true, s -> Zstd.compressUsingDict(s, req, 3).length),
                        avg(set, false, s -> Zstd.compressUsingDict(s, dec, 3).length)));
            }
        }
    }

    private void shipped(List<Sample> fixtures, List<Sample> generated) {
        Map<String, List<Sample>> sets = new java.util.LinkedHashMap<>();
        sets.put("bench helan student", bench(200));
        sets.put("generated (trained on)", generated);
        for (String profile : PROFILES) {
            sets.put("fixtures " + profile + " (trained on)", fixtures.stream()
                    .filter(s -> s.request().contains("\"profile\":\"" + profile + "\"")).toList());
        }
        System.out.println("bytes a decision, request / decision: raw, zstd 3 without a dictionary, with the shipped ones");
        sets.forEach((name, set) -> System.out.printf("  %-34s raw %6.0f / %6.0f   plain %5.0f / %5.0f   dictionary %5.0f / %5.0f%n",
                name, avg(set, true, b -> b.length), avg(set, false, b -> b.length),
                avg(set, true, b -> kcbx.system.StoredJson.compress(new String(b, StandardCharsets.UTF_8)).length),
                avg(set, false, b -> kcbx.system.StoredJson.compress(new String(b, StandardCharsets.UTF_8)).length),
                avg(set, true, b -> kcbx.system.StoredJson.compressRequest(new String(b, StandardCharsets.UTF_8)).length),
                avg(set, false, b -> kcbx.system.StoredJson.compressDecision(new String(b, StandardCharsets.UTF_8)).length)));
        Sample s = sets.get("bench helan student").get(0);
        Sample f = fixtures.get(fixtures.size() / 2);
        for (Sample one : List.of(s, f)) {
            String what = one == s ? "bench student" : "a fixture";
            time(what + " request, no dictionary", one.request(), kcbx.system.StoredJson::compress);
            time(what + " request, dictionary", one.request(), kcbx.system.StoredJson::compressRequest);
            time(what + " decision, no dictionary", one.decision(), kcbx.system.StoredJson::compress);
            time(what + " decision, dictionary", one.decision(), kcbx.system.StoredJson::compressDecision);
        }
    }

    /**
     * Bytes and microseconds of each frame of a decision (the shipped dictionaries) at zstd levels 1 to
     * 12, on the benchmark's students, generated students and the fixtures: the level is a trade of
     * the write path's CPU against stored bytes.
     */
    private void levels(List<Sample> fixtures, List<Sample> generated) {
        byte[] requestDict = kcbx.system.JsonDictionaries.current(kcbx.system.JsonDictionary.Kind.REQUEST).orElseThrow().bytes();
        byte[] decisionDict = kcbx.system.JsonDictionaries.current(kcbx.system.JsonDictionary.Kind.DECISION).orElseThrow()
                .bytes();
        Map<String, List<Sample>> sets = new java.util.LinkedHashMap<>();
        sets.put("bench helan student", bench(200));
        sets.put("generated", generated.subList(0, 200));
        sets.put("fixtures", fixtures);
        System.out.println("level, then per set: bytes of the request + the decision frame, microseconds to compress each");
        for (int level = 1; level <= 12; level++) {
            try (var rq = new com.github.luben.zstd.ZstdDictCompress(requestDict, level);
                 var dc = new com.github.luben.zstd.ZstdDictCompress(decisionDict, level)) {
                StringBuilder line = new StringBuilder(String.format("  level %2d", level));
                for (var set : sets.entrySet()) {
                    List<byte[][]> utf8 = set.getValue().stream().map(s -> new byte[][] {
                        s.request().getBytes(StandardCharsets.UTF_8), s.decision().getBytes(StandardCharsets.UTF_8)}).toList();
                    long requestBytes = 0;
                    long decisionBytes = 0;
                    for (byte[][] u : utf8) {
                        requestBytes += Zstd.compress(u[0], rq).length;
                        decisionBytes += Zstd.compress(u[1], dc).length;
                    }
                    int rounds = Math.max(1, 4000 / utf8.size());
                    for (int warm = 0; warm < rounds; warm++) {
                        for (byte[][] u : utf8) {
                            Zstd.compress(u[0], rq);
                            Zstd.compress(u[1], dc);
                        }
                    }
                    long t0 = System.nanoTime();
                    for (int r = 0; r < rounds; r++) {
                        for (byte[][] u : utf8) {
                            Zstd.compress(u[0], rq);
                        }
                    }
                    long t1 = System.nanoTime();
                    for (int r = 0; r < rounds; r++) {
                        for (byte[][] u : utf8) {
                            Zstd.compress(u[1], dc);
                        }
                    }
                    long t2 = System.nanoTime();
                    double per = 1e3 * rounds * utf8.size();
                    line.append(String.format("   %s %4d + %4d B %5.1f + %5.1f us", set.getKey(), requestBytes / utf8.size(),
                            decisionBytes / utf8.size(), (t1 - t0) / per, (t2 - t1) / per));
                }
                System.out.println(line);
            }
        }
    }

    /** Microseconds per compress and per decompress call, one thread, after a warm-up. */
    private static void time(String what, String text, java.util.function.Function<String, byte[]> compress) {
        byte[] z = compress.apply(text);
        for (int i = 0; i < 20_000; i++) {
            kcbx.system.StoredJson.decompress(compress.apply(text));
        }
        int n = 20_000;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            compress.apply(text);
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            kcbx.system.StoredJson.decompress(z);
        }
        long t2 = System.nanoTime();
        System.out.printf("  %-40s %6d B -> %5d B: compress %6.1f us, decompress %6.1f us%n", what,
                text.getBytes(StandardCharsets.UTF_8).length, z.length, (t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n);
    }

    private static double avg(List<Sample> set, boolean request, java.util.function.ToIntFunction<byte[]> size) {
        return set.stream().mapToInt(s -> size.applyAsInt((request ? s.request() : s.decision()).getBytes(StandardCharsets.UTF_8)))
                .average().orElse(Double.NaN);
    }

    static byte[] train(List<Sample> samples, boolean request, int kb) {
        long total = samples.stream().mapToLong(s -> (request ? s.request() : s.decision()).length() * 3L).sum();
        ZstdDictTrainer trainer = new ZstdDictTrainer((int) Math.min(Integer.MAX_VALUE - 16, total), kb * 1024);
        for (Sample s : samples) {
            if (!trainer.addSample((request ? s.request() : s.decision()).getBytes(StandardCharsets.UTF_8))) {
                throw new IllegalStateException("the trainer's buffer is full");
            }
        }
        return trainer.trainSamples();
    }

    /** Every scenario request in each profile its rules and calendar can decide. */
    List<Sample> fixtures() throws IOException {
        Path root = Path.of("test-fixtures", "scenarios");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        List<Sample> out = new ArrayList<>();
        for (Path file : files) {
            @SuppressWarnings("unchecked")
            Map<String, Object> scenario = json.readValue(Files.readAllBytes(file), Map.class);
            byte[] request = json.writeValueAsBytes(scenario.get("request"));
            for (String profile : PROFILES) {
                DecisionRequest r = json.readValue(request, DecisionRequest.class);
                r.setProfile(profile);
                sample(r, file + " " + profile).ifPresent(out::add);
            }
        }
        return out;
    }

    /** The benchmark's students (bench/LoadGenerator.java's student(n), profile helan), as they are sent. */
    List<Sample> bench(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String text = benchStudent(i);
            try {
                DecisionRequest r = json.readValue(text, DecisionRequest.class);
                out.add(new Sample(text, sample(r, "bench " + i).orElseThrow().decision()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** bench/LoadGenerator.java's student(n, "helan"), character for character. */
    static String benchStudent(int n) {
        StringBuilder a = new StringBuilder();
        LocalDate asOf = LocalDate.of(2026, 1, 9);
        int k = 0;
        for (LocalDate d = LocalDate.of(2025, 9, 1); !d.isAfter(asOf); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() >= 6) {
                continue;
            }
            k++;
            String s = d.isAfter(asOf.minusDays(7)) ? "ABSENT_UNEXCUSED" : (k + n) % 17 == 0 ? "ABSENT_EXCUSED" : "PRESENT";
            a.append(a.length() == 0 ? "" : ",").append("{\"date\":\"").append(d).append("\",\"status\":\"").append(s).append("\"}");
        }
        return "{\"profile\":\"helan\",\"asOf\":\"2026-01-09\",\"student\":{\"id\":\"bench-" + n + "\",\"schoolId\":\"school-"
                + (n % 200) + "\",\"grade\":8,\"learningDifficulty\":true,\"birthDate\":\"2012-05-01\"},"
                + "\"family\":{\"leftBehind\":true,\"poverty\":\"REGISTERED_POOR\",\"receivesAid\":false,\"needsBoarding\":true},"
                + "\"attendance\":[" + a + "],"
                + "\"interventions\":[{\"date\":\"2026-01-05\",\"type\":\"FAMILY_CONTACT\",\"outcome\":\"DONE\"},"
                + "{\"date\":\"2025-12-10\",\"type\":\"HOME_VISIT\",\"outcome\":\"DONE\"}]}";
    }

    /**
     * Students from a seed: an asOf in the autumn term 2025, attendance from some day of the term
     * up to it with absences of every kind, and some of the family, disability and intervention
     * fields the fixtures use, in every profile.
     */
    List<Sample> generated(int n, long seed) {
        Random random = new Random(seed);
        String[] statuses = {"ABSENT_UNEXCUSED", "ABSENT_EXCUSED", "LATE"};
        String[] poverty = {"NONE", "REGISTERED_POOR", "SUBSISTENCE_ALLOWANCE", "POVERTY_MONITORED", "EXTREME_POVERTY_SUPPORT"};
        String[] interventions = {"FAMILY_CONTACT", "HOME_VISIT", "PERSUASION", "TOWNSHIP_VERIFICATION", "WRITTEN_REPORT"};
        String[] outcomes = {"DONE", "FAILED", "RETURNED", "UNREACHABLE"};
        String[] registry = {"ENROLLED", "ENROLLED", "ENROLLED", "ENROLLED", "DROPPED_OUT", "TRANSFERRED_OUT", "WHEREABOUTS_UNKNOWN", "05"};
        String[] towns = {"城关镇", "洪广镇", "金山乡", "立岗镇", "常信乡", "习岗镇"};
        List<Sample> out = new ArrayList<>();
        LocalDate termStart = LocalDate.of(2025, 9, 1);
        for (int i = 0; out.size() < n; i++) {
            LocalDate asOf = termStart.plusDays(7 + random.nextInt(120));
            if (asOf.getDayOfWeek().getValue() >= 6) {
                asOf = asOf.minusDays(asOf.getDayOfWeek().getValue() - 5);
            }
            LocalDate from = random.nextInt(3) == 0 ? asOf.minusDays(random.nextInt(20)) : termStart;
            double absence = random.nextDouble() * 0.15;
            int tail = random.nextInt(3) == 0 ? 1 + random.nextInt(8) : 0;
            StringBuilder a = new StringBuilder();
            int school = 0;
            for (LocalDate d = from; !d.isAfter(asOf); d = d.plusDays(1)) {
                if (d.getDayOfWeek().getValue() >= 6) {
                    continue;
                }
                school++;
                boolean inTail = !d.isBefore(asOf.minusDays(tail * 7L / 5));
                String s = inTail && tail > 0 ? "ABSENT_UNEXCUSED"
                        : random.nextDouble() < absence ? statuses[random.nextInt(statuses.length)] : "PRESENT";
                a.append(a.length() == 0 ? "" : ",").append("{\"date\":\"").append(d).append("\",\"status\":\"").append(s).append("\"}");
            }
            String profile = PROFILES.get(i % PROFILES.size());
            int grade = 1 + random.nextInt(9);
            StringBuilder student = new StringBuilder("{\"id\":\"G" + (100000 + random.nextInt(900000)) + "\",\"schoolId\":\"SCH-"
                    + (1 + random.nextInt(60)) + "\",\"grade\":" + grade + ",\"township\":\"" + towns[random.nextInt(towns.length)]
                    + "\",\"registryStatus\":\"" + registry[random.nextInt(registry.length)] + "\"");
            if (random.nextBoolean()) {
                student.append(",\"birthDate\":\"").append(LocalDate.of(2019 - grade, 1 + random.nextInt(12), 1 + random.nextInt(28))).append('"');
            }
            if (random.nextInt(3) == 0) {
                student.append(",\"learningDifficulty\":true");
            }
            student.append('}');
            StringBuilder request = new StringBuilder("{\"profile\":\"" + profile + "\",\"asOf\":\"" + asOf + "\",\"student\":" + student);
            if (random.nextInt(10) < 7) {
                request.append(",\"family\":{\"leftBehind\":").append(random.nextBoolean()).append(",\"poverty\":\"")
                        .append(poverty[random.nextInt(poverty.length)]).append("\",\"receivesAid\":").append(random.nextBoolean())
                        .append(",\"needsBoarding\":").append(random.nextBoolean()).append('}');
            }
            if (random.nextInt(8) == 0) {
                request.append(",\"disability\":{\"disabled\":true,\"severe\":").append(random.nextBoolean())
                        .append(",\"placement\":\"REGULAR_CLASS\"}");
            }
            request.append(",\"attendance\":[").append(a).append(']');
            int k = random.nextInt(4);
            if (k > 0) {
                request.append(",\"interventions\":[");
                for (int j = 0; j < k; j++) {
                    request.append(j == 0 ? "" : ",").append("{\"date\":\"").append(asOf.minusDays(random.nextInt(30)))
                            .append("\",\"type\":\"").append(interventions[random.nextInt(interventions.length)])
                            .append("\",\"outcome\":\"").append(outcomes[random.nextInt(outcomes.length)]).append("\"}");
                }
                request.append(']');
            }
            request.append('}');
            try {
                sample(json.readValue(request.toString(), DecisionRequest.class), "generated " + i).ifPresent(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The request and decision JSON the service stores for this request; empty if the service would refuse it. */
    java.util.Optional<Sample> sample(DecisionRequest request, String what) {
        ProfileRules profile = rules.profile(request.getProfile()).orElseThrow();
        try {
            RequestValidator.validate(request);
            Decision d = DecisionService.evaluate(request, rules.version(), profile,
                    UUID.nameUUIDFromBytes(what.getBytes(StandardCharsets.UTF_8)).toString(), DECIDED_AT);
            d.setDecidedAt(ZonedDateTime.ofInstant(DECIDED_AT, ZoneOffset.UTC));
            return java.util.Optional.of(new Sample(json.writeValueAsString(request), json.writeValueAsString(d)));
        } catch (RuntimeException e) {
            return java.util.Optional.empty(); // e.g. a date the profile's calendar does not cover
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
