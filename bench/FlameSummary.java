import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The flame graph of bench/run.sh in figures: reads async-profiler's collapsed stacks (one stack a
 * line, frames root first separated by ';', then the sample count) and prints the frames with the
 * most self samples and the share of samples under each of a few named parts of the service.
 *
 * <p>Each part is counted two ways: "inclusive", every sample with a frame of the part anywhere on
 * its stack (the parts overlap: Netty calls the service, which calls Drools); and "innermost", each
 * sample given to one part only, the one of the frame nearest the leaf (a JDK frame such as a
 * socket write counts for the library that called it), so the innermost shares add up to 100 %.
 * The JVM's own threads are told apart by their stacks: the JIT compilers (CompileBroker) and the
 * garbage collector's workers and VM operations.
 *
 * <p>Usage: java bench/FlameSummary.java FILE.collapsed [TOP]. Every figure line also goes out as
 * "figure flame ...: value %" for bench/ab.sh.
 */
public class FlameSummary {
    /** A named part of the service: a frame belongs to it if its name starts with one of the prefixes. */
    record Part(String name, String shown, Pattern frame) {
    }

    static final List<Part> LIBRARIES = List.of(
            part("Drools", "org.drools|org.kie|org.mvel", "org[/.](drools|kie|mvel2?)[/.]"),
            part("JDBC", "com.mysql", "com[/.]mysql[/.]"),
            part("pool", "com.zaxxer", "com[/.]zaxxer[/.]"),
            part("zstd", "com.github.luben", "com[/.]github[/.]luben[/.]"),
            part("JSON", "com.fasterxml|io.micronaut.serde|io.micronaut.json",
                    "(com[/.]fasterxml[/.]|io[/.]micronaut[/.](serde|json)[/.])"),
            part("Netty", "io.netty", "io[/.]netty[/.]"),
            part("Micronaut", "io.micronaut, the rest", "io[/.]micronaut[/.]"),
            part("Reactor", "reactor", "reactor[/.]"),
            part("credentials", "kcbx.security", "kcbx[/.]security[/.]"),
            part("service", "kcbx; innermost: outside kcbx.security", "kcbx[/.]"));
    static final Pattern JIT = Pattern.compile("(^|;)(CompileBroker::|C2Compiler::|Compiler::compile)");
    static final Pattern GC = Pattern.compile("(^|;)(GangWorker::|WorkerThread::|GCTaskThread|ConcurrentGCThread::"
            + "|VM_ParallelGCFailedAllocation|VM_CollectForAllocation|VM_G1|VM_GC|PSScavenge::|PSParallelCompact::"
            + "|G1CollectedHeap::do_collection|G1ConcurrentRefineThread|G1ServiceThread|ConcurrentMarkThread)");

    static Part part(String name, String shown, String prefix) {
        return new Part(name, shown, Pattern.compile("^" + prefix));
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        int top = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new LinkedHashMap<>();
        Map<String, Long> innermost = new LinkedHashMap<>();
        for (Part p : LIBRARIES) {
            inclusive.put(p.name(), 0L);
            innermost.put(p.name(), 0L);
        }
        for (String s : List.of("GC", "JIT", "other")) {
            inclusive.put(s, 0L);
            innermost.put(s, 0L);
        }
        long total = 0;
        for (String line : Files.readAllLines(file)) {
            int sp = line.lastIndexOf(' ');
            if (sp <= 0) {
                continue;
            }
            long n;
            try {
                n = Long.parseLong(line.substring(sp + 1).trim());
            } catch (NumberFormatException e) {
                continue;
            }
            String stack = line.substring(0, sp);
            String[] frames = stack.split(";");
            total += n;
            self.merge(frames[frames.length - 1], n, Long::sum);
            boolean jit = JIT.matcher(stack).find();
            boolean gc = !jit && GC.matcher(stack).find();
            String inner = jit ? "JIT" : gc ? "GC" : null;
            for (Part p : LIBRARIES) {
                for (String f : frames) {
                    if (p.frame().matcher(f).find()) {
                        inclusive.merge(p.name(), n, Long::sum);
                        break;
                    }
                }
            }
            if (jit) {
                inclusive.merge("JIT", n, Long::sum);
            }
            if (gc) {
                inclusive.merge("GC", n, Long::sum);
            }
            for (int i = frames.length - 1; inner == null && i >= 0; i--) {
                for (Part p : LIBRARIES) {
                    if (p.frame().matcher(frames[i]).find()) {
                        inner = p.name();
                        break;
                    }
                }
            }
            innermost.merge(inner == null ? "other" : inner, n, Long::sum);
            if (inner == null) {
                inclusive.merge("other", n, Long::sum);
            }
        }
        if (total == 0) {
            System.out.println("flame: no samples in " + file);
            return;
        }
        System.out.printf("flame: %d samples in %s%n", total, file);
        List<Map.Entry<String, Long>> frames = new ArrayList<>(self.entrySet());
        frames.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        for (int i = 0; i < Math.min(top, frames.size()); i++) {
            String f = frames.get(i).getKey();
            System.out.printf("flame self %2d: %5.1f %%  %s%n", i + 1, 100.0 * frames.get(i).getValue() / total,
                    f.length() > 140 ? f.substring(0, 137) + "..." : f);
        }
        for (String name : inclusive.keySet()) {
            String shown = LIBRARIES.stream().filter(p -> p.name().equals(name)).map(Part::shown).findFirst()
                    .orElse(name.equals("GC") ? "the collector's threads and VM operations"
                            : name.equals("JIT") ? "the compiler threads" : "none of the above: JDK, JVM, kernel");
            System.out.printf("flame under %s (%s): %.1f %% inclusive, %.1f %% innermost%n", name, shown,
                    100.0 * inclusive.get(name) / total, 100.0 * innermost.get(name) / total);
        }
        System.out.printf("figure flame samples: %d%n", total);
        for (String name : inclusive.keySet()) {
            System.out.printf("figure flame %s innermost: %.1f %%%n", name, 100.0 * innermost.get(name) / total);
        }
    }
}
