package dev.sandbench.app.diff;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextDiffTest {
    @Test
    void aChangeInTheMiddleKeepsThreeLinesOfContextAndFoldsTheRest() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 20; i++) a.append("line ").append(i).append('\n');
        String b = a.toString().replace("line 10\n", "line ten\n");
        TextDiff d = TextDiff.of(a.toString(), b);
        assertThat(d.stats()).isEqualTo("+1 \u22121");
        assertThat(d.unified()).extracting(TextDiff.Row::kind).containsExactly(
                TextDiff.Kind.FOLDED, TextDiff.Kind.SAME, TextDiff.Kind.SAME, TextDiff.Kind.SAME,
                TextDiff.Kind.REMOVED, TextDiff.Kind.ADDED,
                TextDiff.Kind.SAME, TextDiff.Kind.SAME, TextDiff.Kind.SAME, TextDiff.Kind.FOLDED);
        assertThat(d.unified().get(0).text()).isEqualTo("6 unchanged lines");
        assertThat(d.unified().get(4)).isEqualTo(new TextDiff.Row(TextDiff.Kind.REMOVED, 10, 0, "line 10"));
        assertThat(d.unified().get(5)).isEqualTo(new TextDiff.Row(TextDiff.Kind.ADDED, 0, 10, "line ten"));
        // Side by side, the change is one row with both halves.
        assertThat(d.sideBySide()).filteredOn(p -> p.left() == TextDiff.Kind.REMOVED)
                .containsExactly(new TextDiff.Pair(TextDiff.Kind.REMOVED, 10, "line 10", TextDiff.Kind.ADDED, 10, "line ten"));
    }

    @Test
    void newDeletedAndUnchangedFiles() {
        assertThat(TextDiff.of(null, "a\nb\n").unified()).extracting(TextDiff.Row::kind)
                .containsExactly(TextDiff.Kind.ADDED, TextDiff.Kind.ADDED);
        assertThat(TextDiff.of("a\n", null).removed()).isEqualTo(1);
        TextDiff same = TextDiff.of("x\ny\n", "x\ny\n");
        assertThat(same.stats()).isEqualTo("no changes");
        assertThat(same.unified()).hasSize(2);
        // Unequal halves: the longer side runs on with blanks opposite.
        TextDiff grow = TextDiff.of("a\nb\n", "a\nB\nC\nD\n");
        assertThat(grow.sideBySide()).hasSize(4);
        assertThat(grow.sideBySide().get(3).oldText()).isNull();
        assertThat(grow.sideBySide().get(3).newText()).isEqualTo("D");
    }
}
