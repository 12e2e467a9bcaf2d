package dev.sandbench.engine.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How names from other platforms are read, and which candidate is nearest when a family has several. */
class TemplateNamesTest {
    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "node-20, node, 20, -",
            "node-18, node, 18, -",
            "node20, node, 20, -",
            "nodejs, node, -, -",
            "node:lts, node, -, -",
            "node:20-alpine, node, 20, alpine",
            "python-312, python, 3.12, -",
            "python3.12, python, 3.12, -",
            "python-3.11, python, 3.11, -",
            "python3, python, 3, -",
            "python:3.11-slim, python, 3.11, slim",
            "docker.io/library/python:3.12, python, 3.12, -",
            "Python-3.12, python, 3.12, -",
            "python, python, -, -",
            "ubuntu, minimal, -, -",
            "ubuntu:22.04, minimal, 22.04, -",
            "debian:bookworm, minimal, -, bookworm",
            "base, minimal, -, -"})
    void readsNamesAsFamilyVersionAndVariant(String name, String family, String version, String variant) {
        assertThat(TemplateNames.parse(name)).hasValue(new TemplateNames.Wanted(name, family, version, variant));
    }

    @ParameterizedTest
    @ValueSource(strings = {"cobol-85", "pythonic", "python3.11:3.12", "node:", "java-17", "", "-20"})
    void refusesNamesItCannotPlace(String name) {
        assertThat(TemplateNames.parse(name)).isEmpty();
    }

    private static TemplateNames.Candidate candidate(String name, String version) {
        return new TemplateNames.Candidate(new Template(name, "", List.of(), true, null, Map.of()), version);
    }

    @Test
    void picksTheCandidateSharingTheMostOfTheVersionThenTheClosestThenTheNewest() {
        List<TemplateNames.Candidate> pythons = List.of(candidate("py39", "3.9.18"), candidate("py311", "3.11.2"),
                candidate("py312", "3.12.1"));
        assertThat(TemplateNames.nearest(pythons, "3.11").template().name()).isEqualTo("py311");
        assertThat(TemplateNames.nearest(pythons, "3.10").template().name()).as("3.9 and 3.11 are as close: newest")
                .isEqualTo("py311");
        assertThat(TemplateNames.nearest(pythons, "3.13").template().name()).isEqualTo("py312");
        assertThat(TemplateNames.nearest(pythons, null).template().name()).isEqualTo("py312");
        List<TemplateNames.Candidate> nodes = List.of(candidate("node18", "18.19.0"), candidate("node22", "22.3.0"));
        assertThat(TemplateNames.nearest(nodes, "20").template().name()).isEqualTo("node22");
        assertThat(TemplateNames.nearest(nodes, "18").template().name()).isEqualTo("node18");
        assertThat(TemplateNames.nearest(nodes, "16").template().name()).isEqualTo("node18");
    }
}
