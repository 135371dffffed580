package kcbx.docs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every shell example of README.md, docs/ and rules/README.md, run as written against a service
 * started on a fresh database in a fresh copy of the repository's rules and fixtures, and checked
 * for what its {@code <!-- example: ... -->} line says the text promises (see {@link DocExample}).
 * The documents run one after another, each in its own shell state, in {@link #READING_ORDER}.
 */
class DocExamplesTest {

    /** The documents, in the order a newcomer meets them; every Markdown file must be listed. */
    static final List<String> READING_ORDER = List.of(
            "README.md",
            "docs/integrators.md",
            "docs/reports.md",
            "docs/scoping.md",
            "docs/auditors.md",
            "docs/audit-integrity.md",
            "docs/console.md",
            "docs/policy-staff.zh.md",
            "rules/README.md",
            "docs/security-rules.md",
            "docs/operators.md",
            "docs/operations-security.md",
            "docs/galera.md",
            "docs/benchmarks.md",
            "docs/design.md");

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static DocSandbox sandbox;

    @BeforeAll
    static void startService() throws Exception {
        sandbox = DocSandbox.start(ROOT);
    }

    @AfterAll
    static void stopService() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everyMarkdownDocumentIsInTheReadingOrder() throws IOException {
        List<String> found = new ArrayList<>();
        found.add("README.md");
        found.add("rules/README.md");
        try (var files = Files.list(ROOT.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).forEach(p -> found.add("docs/" + p.getFileName()));
        }
        for (String doc : found) {
            assertTrue(READING_ORDER.contains(doc), doc + " has shell examples nobody runs: add it to READING_ORDER");
        }
    }

    @Test
    void everyShellBlockSaysWhatItPromises() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String doc : READING_ORDER) {
            for (DocExample example : DocExample.parse(ROOT, doc)) {
                problems.addAll(example.directiveProblems());
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void linksStayInsideTheRepositoryAndLead() throws IOException {
        assertEquals(List.of(), DocLinks.problems(ROOT, READING_ORDER));
    }

    @Test
    void tablesHaveAsManyCellsAsTheirHeading() throws IOException {
        assertEquals(List.of(), DocLinks.tableProblems(ROOT, READING_ORDER));
    }

    @TestFactory
    List<DynamicNode> everyShellExampleRunsAsWritten() throws IOException {
        List<DynamicNode> documents = new ArrayList<>();
        for (String doc : READING_ORDER) {
            List<DocExample> examples = DocExample.parse(ROOT, doc);
            if (examples.isEmpty()) {
                continue;
            }
            List<DynamicTest> tests = new ArrayList<>();
            for (DocExample example : examples) {
                tests.add(DynamicTest.dynamicTest(example.where(), () -> {
                    List<String> problems = example.directiveProblems();
                    if (!problems.isEmpty()) {
                        fail(String.join("; ", problems));
                    }
                    if (example.skip() == null) {
                        sandbox.run(example);
                    }
                }));
            }
            tests.add(DynamicTest.dynamicTest(doc + " (end)", () -> sandbox.endDocument(doc)));
            documents.add(DynamicContainer.dynamicContainer(doc, tests));
        }
        return documents;
    }
}
