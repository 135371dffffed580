package kcbx.facts;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * An 18-digit resident identity number checked by GB 11643-1999: 17 digits, a MOD 11-2 check
 * character (ISO 7064), a real birth date in digits 7-14, and the sex in digit 17 (odd = male).
 */
public record NationalId(LocalDate birthDate, boolean male) {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

    /** Why a value is not a valid ID, in one sentence that does not repeat the value; empty when it is valid. */
    public static Optional<String> problem(String id) {
        if (id == null || id.length() != 18) {
            return Optional.of("must have 18 characters");
        }
        for (int i = 0; i < 17; i++) {
            if (!Character.isDigit(id.charAt(i)) || id.charAt(i) > '9') {
                return Optional.of("must be 17 digits followed by a digit or X");
            }
        }
        char last = Character.toUpperCase(id.charAt(17));
        if (!(last >= '0' && last <= '9') && last != 'X') {
            return Optional.of("must be 17 digits followed by a digit or X");
        }
        if (birth(id).isEmpty()) {
            return Optional.of("holds no valid birth date (digits 7-14)");
        }
        if (last != checkCharacter(id)) {
            return Optional.of("fails the GB 11643 check digit");
        }
        return Optional.empty();
    }

    /** The parsed ID, or empty when it is not valid. */
    public static Optional<NationalId> parse(String id) {
        if (problem(id).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(new NationalId(birth(id).orElseThrow(), (id.charAt(16) - '0') % 2 == 1));
    }

    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11];
    }

    private static Optional<LocalDate> birth(String id) {
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(id.substring(6, 10)),
                    Integer.parseInt(id.substring(10, 12)), Integer.parseInt(id.substring(12, 14))));
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Shows only the region and the check character: enough to tell two IDs apart in a log, not to identify a child. */
    public static String mask(String id) {
        if (id == null || id.length() < 6) {
            return "***";
        }
        return id.substring(0, 2) + "*".repeat(id.length() - 3) + id.charAt(id.length() - 1);
    }
}
