package dev.sandbench.engine.trust;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiteralsTest {
    private final Literals words = new Literals(List.of("EPERM", "EACCES", "Permission denied", "Perm", "EPERM"));

    @Test
    void findsEveryWordThatOccursInOnePass() {
        assertThat(words.size()).isEqualTo(4);
        assertThat(words.find("é x: EACCES then Permission denied")).containsExactly(false, true, true, true);
        // Overlapping starts, a word cut off at the end, a word at the very end.
        assertThat(words.find("EPEEPERM")).containsExactly(true, false, false, false);
        assertThat(words.find("Permission denie")).containsExactly(false, false, false, true);
        assertThat(words.find("ü".repeat(10) + "EACCES")).containsExactly(false, true, false, false);
        assertThat(words.find("")).containsExactly(false, false, false, false);
    }

    @Test
    void agreesWithAPlainSearchOnRandomText() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "EPRMACSer mißion dn";
        for (int round = 0; round < 2000; round++) {
            StringBuilder t = new StringBuilder();
            for (int i = 0; i < random.nextInt(40); i++) t.append(alphabet.charAt(random.nextInt(alphabet.length())));
            if (random.nextBoolean()) t.insert(random.nextInt(t.length() + 1), List.of("EPERM", "Perm", "EACCES").get(random.nextInt(3)));
            String text = t.toString();
            boolean[] found = words.find(text);
            assertThat(found).as(text).containsExactly(text.contains("EPERM"), text.contains("EACCES"),
                    text.contains("Permission denied"), text.contains("Perm"));
        }
    }

    @Test
    void onlyPlainAsciiWords() {
        assertThatThrownBy(() -> new Literals(List.of("Grüße"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Literals(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }
}
