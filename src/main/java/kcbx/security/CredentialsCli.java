package kcbx.security;

import io.micronaut.context.ApplicationContext;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issues, renews, revokes and lists bearer credentials in the service's database, with the same
 * configuration as the service (environment variables, -D properties):
 *
 * <pre>
 * java -cp kcbx-decision.jar kcbx.security.CredentialsCli issue --role SCHOOL_SYSTEM --school S1 --school S2 --label "S1 SIS"
 * java -cp kcbx-decision.jar kcbx.security.CredentialsCli issue --role AUDITOR --label "county audit office"
 * java -cp kcbx-decision.jar kcbx.security.CredentialsCli renew 3f2a9c0d1b7e4a55
 * java -cp kcbx-decision.jar kcbx.security.CredentialsCli revoke 3f2a9c0d1b7e4a55
 * java -cp kcbx-decision.jar kcbx.security.CredentialsCli list
 * </pre>
 *
 * The token is printed once, on standard output, and is never stored or logged.
 */
public final class CredentialsCli {
    /** The environment the command runs in: no HTTP server, no rule compilation, no development credential. */
    public static final String ENVIRONMENT = "cli";

    private CredentialsCli() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-cli.xml"); // logs to stderr: stdout is the token
        }
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !List.of("issue", "renew", "revoke", "list").contains(args[0])) {
            err.println("usage: CredentialsCli issue --role ROLE [--role ROLE] [--school ID|* ...] [--label TEXT]");
            err.println("       CredentialsCli renew CREDENTIAL_ID");
            err.println("       CredentialsCli revoke CREDENTIAL_ID");
            err.println("       CredentialsCli list");
            err.println("roles: SCHOOL_SYSTEM (needs --school), POLICY_EDITOR, AUDITOR, COUNTY_OFFICER, OPERATOR");
            return 2;
        }
        ApplicationContext ctx;
        try {
            ctx = ApplicationContext.builder().environments(ENVIRONMENT).deduceEnvironment(false).start();
        } catch (RuntimeException e) {
            err.println("Could not open the service's database: " + firstLine(innermost(e)) + " With the embedded H2"
                    + " database stop the service first; otherwise check DATASOURCES_DEFAULT_URL and its credentials.");
            return 1;
        }
        try (ctx) {
            return run(ctx.getBean(Credentials.class), args, out, err);
        }
    }

    private static Throwable innermost(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String firstLine(Throwable t) {
        String m = String.valueOf(t.getMessage());
        int cut = m.indexOf('\n');
        return (cut < 0 ? m : m.substring(0, cut)).strip() + (m.strip().endsWith(".") ? "" : ".");
    }

    static int run(Credentials credentials, String[] args, PrintStream out, PrintStream err) {
        try {
            switch (args[0]) {
                case "issue" -> {
                    IssuedCredential c = issue(credentials, args);
                    err.println("Issued credential " + c.credentialId() + " with roles " + c.roles()
                            + (c.schools().isEmpty() ? "" : " for schools " + c.schools())
                            + ". The token below is shown only now; send it as 'Authorization: Bearer <token>'.");
                    out.println(c.token());
                    return 0;
                }
                case "revoke" -> {
                    if (args.length != 2) {
                        err.println("revoke takes one credential id (see 'list').");
                        return 2;
                    }
                    if (!credentials.revoke(args[1])) {
                        err.println("No active credential has the id " + args[1] + ".");
                        return 1;
                    }
                    err.println("Revoked credential " + args[1] + "; every running instance refuses it from its next request.");
                    return 0;
                }
                case "renew" -> {
                    if (args.length != 2) {
                        err.println("renew takes one credential id (see 'list').");
                        return 2;
                    }
                    var until = credentials.renew(args[1]);
                    if (until.isEmpty()) {
                        err.println("No unrevoked credential has the id " + args[1] + ".");
                        return 1;
                    }
                    err.println("Renewed credential " + args[1] + " until " + until.get() + "; its token is unchanged.");
                    return 0;
                }
                default -> {
                    credentials.describeAll().forEach(out::println);
                    return 0;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    private static IssuedCredential issue(Credentials credentials, String[] args) {
        List<Role> roles = new ArrayList<>();
        List<String> schools = new ArrayList<>();
        String label = null;
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value.");
            }
            String value = args[++i];
            switch (option) {
                case "--role" -> roles.add(Role.parse(value.toUpperCase(Locale.ROOT)).orElseThrow(() ->
                        new IllegalArgumentException("--role " + value + " is not a role: SCHOOL_SYSTEM, POLICY_EDITOR,"
                                + " AUDITOR, COUNTY_OFFICER or OPERATOR.")));
                case "--school" -> schools.add(value);
                case "--label" -> label = value;
                default -> throw new IllegalArgumentException(option + " is not an option of issue (--role, --school, --label).");
            }
        }
        if (label == null) {
            label = String.join("+", roles.stream().map(Enum::name).toList())
                    + (schools.isEmpty() ? "" : " " + String.join(",", schools));
            label = label.length() > 128 ? label.substring(0, 128) : label;
        }
        return credentials.issue(label, roles, schools);
    }
}
