package dev.sandbench.engine.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of a fixed set of plain ASCII words occur in a text, found in one pass over it. The risk
 * rules read terminal output at tens of MB a second; a search per word (twelve of them for
 * output) cost more than the rest of recording it.
 */
final class Literals {
    private final List<String> words;
    /** For each ASCII character, the indexes of the words that start with it. */
    private final int[][] byFirst = new int[128][];

    Literals(List<String> words) {
        Map<String, Integer> unique = new LinkedHashMap<>();
        for (String w : words) {
            if (w.isEmpty() || w.chars().anyMatch(c -> c >= 128)) throw new IllegalArgumentException("not a plain ASCII word: " + w);
            unique.putIfAbsent(w, unique.size());
        }
        this.words = List.copyOf(unique.keySet());
        List<List<Integer>> starts = new ArrayList<>();
        for (int c = 0; c < 128; c++) starts.add(new ArrayList<>());
        for (int i = 0; i < this.words.size(); i++) starts.get(this.words.get(i).charAt(0)).add(i);
        for (int c = 0; c < 128; c++) {
            if (!starts.get(c).isEmpty()) byFirst[c] = starts.get(c).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** The index of {@code word} in this set, or -1. */
    int indexOf(String word) {
        return words.indexOf(word);
    }

    int size() {
        return words.size();
    }

    /**
     * Which words occur in {@code text}: {@code result[i]} for the i-th word. One search per
     * distinct first character ({@link String#indexOf(int, int)} is a vector scan), then a
     * comparison where one occurs.
     */
    boolean[] find(String text) {
        boolean[] found = new boolean[words.size()];
        for (int c = 0; c < 128; c++) {
            int[] candidates = byFirst[c];
            if (candidates == null) continue;
            int left = candidates.length;
            for (int at = text.indexOf(c); at >= 0 && left > 0; at = text.indexOf(c, at + 1)) {
                for (int w : candidates) {
                    if (!found[w] && text.startsWith(words.get(w), at)) {
                        found[w] = true;
                        left--;
                    }
                }
            }
        }
        return found;
    }
}
