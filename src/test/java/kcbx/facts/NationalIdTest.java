package kcbx.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class NationalIdTest {

    @Test
    void acceptsAnIdWhoseCheckDigitAndBirthDateAreRight() {
        NationalId id = NationalId.parse("110105201503070021").orElseThrow();
        assertEquals(LocalDate.of(2015, 3, 7), id.birthDate());
        assertFalse(id.male(), "17th digit 2 is even: female");
    }

    @Test
    void acceptsTheXCheckCharacterInEitherCase() {
        String first17 = "11010520130101001";
        char check = NationalId.checkCharacter(first17);
        // find a serial whose check character is X to exercise it
        String withX = null;
        for (int serial = 0; serial < 1000 && withX == null; serial++) {
            String f = "110105201301010" + String.format("%02d", serial % 100);
            if (NationalId.checkCharacter(f) == 'X') {
                withX = f + "X";
            }
        }
        assertTrue(NationalId.problem(first17 + check).isEmpty());
        assertTrue(withX != null && NationalId.problem(withX).isEmpty());
        assertTrue(NationalId.problem(withX.toLowerCase()).isEmpty());
    }

    @Test
    void rejectsAWrongCheckDigit() {
        assertEquals("fails the GB 11643 check digit", NationalId.problem("110105201503070022").orElseThrow());
    }

    @Test
    void rejectsAnImpossibleBirthDate() {
        String first17 = "11010520150230002"; // 30 February
        assertEquals("holds no valid birth date (digits 7-14)",
                NationalId.problem(first17 + NationalId.checkCharacter(first17)).orElseThrow());
    }

    @Test
    void rejectsWrongLengthAndLetters() {
        assertTrue(NationalId.problem("12345").isPresent());
        assertTrue(NationalId.problem("1101052015030700A1").isPresent());
    }

    @Test
    void maskKeepsOnlyTheRegionPrefixAndCheckCharacter() {
        assertEquals("11***************1", NationalId.mask("110105201503070021"));
    }
}
