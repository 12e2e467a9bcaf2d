package dev.sandbench.app.explorer;

import dev.sandbench.client.sandboxes.CreateSandbox;
import dev.sandbench.client.sandboxes.EgressRules;
import dev.sandbench.client.sandboxes.NetworkMode;
import dev.sandbench.client.system.Template;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The "new sandbox" form: text fields as the user typed them, checked before anything is sent.
 * Empty optional fields leave the engine's defaults.
 */
public final class CreateSandboxForm {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final ObservableList<Template> templates = FXCollections.observableArrayList();
    private final ObjectProperty<Template> template = new SimpleObjectProperty<>(this, "template");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty cpus = new SimpleStringProperty(this, "cpus", "1");
    private final StringProperty memoryMb = new SimpleStringProperty(this, "memoryMb", "512");
    private final StringProperty diskGb = new SimpleStringProperty(this, "diskGb", "");
    private final ObjectProperty<NetworkMode> network = new SimpleObjectProperty<>(this, "network", NetworkMode.NONE);
    private final StringProperty allow = new SimpleStringProperty(this, "allow", "");
    private final StringProperty lifetimeMinutes = new SimpleStringProperty(this, "lifetimeMinutes", "60");
    private final StringProperty env = new SimpleStringProperty(this, "env", "");
    private final StringProperty initScript = new SimpleStringProperty(this, "initScript", "");
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    /** Offers these templates; the first available one is chosen. */
    public void setTemplates(List<Template> list) {
        templates.setAll(list);
        template.set(list.stream().filter(Template::available).findFirst().orElse(null));
    }

    /** What is wrong with the form, one sentence per field; empty when it can be submitted. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        Template t = template.get();
        if (t == null) p.add("Choose a template.");
        else if (!t.available()) p.add("Template " + t.name() + " is not available here: " + t.reason());
        String n = name.get().strip();
        if (!n.isEmpty() && !NAME.matcher(n).matches()) {
            p.add("Name: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63.");
        }
        number(cpus.get(), "CPUs", 0.1, 64, p);
        number(memoryMb.get(), "Memory (MB)", 16, 1 << 20, p);
        number(diskGb.get(), "Disk (GB)", 0.1, 10_000, p);
        number(lifetimeMinutes.get(), "Lifetime (minutes)", 1, 60 * 24 * 30, p);
        for (String line : envLines()) {
            int eq = line.indexOf('=');
            if (eq <= 0 || !ENV_KEY.matcher(line.substring(0, eq).strip()).matches()) {
                p.add("Environment: \"" + line + "\" is not KEY=value.");
            }
        }
        return p;
    }

    private static void number(String text, String field, double min, double max, List<String> problems) {
        if (text == null || text.isBlank()) return;
        try {
            double v = Double.parseDouble(text.strip());
            if (v < min || v > max) problems.add(field + " must be between " + fmt(min) + " and " + fmt(max) + ".");
        } catch (NumberFormatException e) {
            problems.add(field + ": \"" + text.strip() + "\" is not a number.");
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private List<String> envLines() {
        return env.get().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** The networks and DNS names the sandbox may reach, as typed: separated by commas or spaces. */
    public List<String> allowRules() {
        return Arrays.stream(allow.get().split("[,\\s]+")).filter(x -> !x.isBlank()).toList();
    }

    public Map<String, String> envMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : envLines()) {
            int eq = line.indexOf('=');
            if (eq > 0) m.put(line.substring(0, eq).strip(), line.substring(eq + 1));
        }
        return m;
    }

    /** The request; call only when {@link #problems()} is empty. */
    public CreateSandbox toRequest() {
        List<String> p = problems();
        if (!p.isEmpty()) throw new IllegalStateException(String.join(" ", p));
        CreateSandbox.Builder b = CreateSandbox.builder().template(template.get().name());
        if (!name.get().isBlank()) b.name(name.get().strip());
        if (!cpus.get().isBlank()) b.cpus(Double.parseDouble(cpus.get().strip()));
        if (!memoryMb.get().isBlank()) b.memoryMb((int) Double.parseDouble(memoryMb.get().strip()));
        if (!diskGb.get().isBlank()) b.diskGb(Double.parseDouble(diskGb.get().strip()));
        if (network.get() != null) b.network(network.get());
        if (network.get() != null && network.get() != NetworkMode.NONE && !allowRules().isEmpty()) {
            b.egress(new EgressRules(allowRules(), List.of()));
        }
        if (!lifetimeMinutes.get().isBlank()) {
            b.timeout(Duration.ofSeconds(Math.round(Double.parseDouble(lifetimeMinutes.get().strip()) * 60)));
        }
        b.env(envMap());
        if (!initScript.get().isBlank()) b.initScript(initScript.get());
        return b.build();
    }

    public ObservableList<Template> templates() { return templates; }
    public ObjectProperty<Template> templateProperty() { return template; }
    public StringProperty nameProperty() { return name; }
    public StringProperty cpusProperty() { return cpus; }
    public StringProperty memoryMbProperty() { return memoryMb; }
    public StringProperty diskGbProperty() { return diskGb; }
    public ObjectProperty<NetworkMode> networkProperty() { return network; }
    public StringProperty lifetimeMinutesProperty() { return lifetimeMinutes; }
    public StringProperty allowProperty() { return allow; }
    public StringProperty envProperty() { return env; }
    public StringProperty initScriptProperty() { return initScript; }
    public BooleanProperty busyProperty() { return busy; }
}
