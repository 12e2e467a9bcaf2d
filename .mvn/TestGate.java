import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fails the build once, at the end, if any test of any module failed.
 *
 * <p>Surefire ignores test failures in every module (the root pom sets {@code testFailureIgnore}),
 * so one failing module does not skip the tests of the modules that depend on it. Every module runs
 * this gate after its tests; only the last project of the reactor acts: it reads the reports that the
 * projects of this build wrote since the build started, prints a table per module and every failure,
 * and exits non-zero if there was one.
 *
 * <p>Run by the exec plugin with the source launcher: {@code java .mvn/TestGate.java
 * <this project's directory> start=<build start, epoch ms> projects=<the reactor's projects>}.
 */
public final class TestGate {
    private static final Pattern PROJECT = Pattern.compile("MavenProject: (\\S+) @ (.+?pom\\.xml)(?=, MavenProject: |]$)");

    record Failure(String module, String test, String message) {}

    record Module(String name, int run, int failed, int skipped) {}

    public static void main(String[] args) throws Exception {
        String self = new File(args[0], "pom.xml").getCanonicalPath();
        long start = Long.parseLong(value(args[1], "start="));
        List<String[]> projects = new ArrayList<>();
        Matcher m = PROJECT.matcher(value(args[2], "projects="));
        while (m.find()) projects.add(new String[] {m.group(1), new File(m.group(2)).getCanonicalPath()});
        if (projects.isEmpty() || !projects.get(projects.size() - 1)[1].equals(self)) {
            return; // not the last project of this build: the last one reports for all
        }
        List<Module> modules = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        for (String[] p : projects) {
            Path reports = Path.of(p[1]).getParent().resolve("target/surefire-reports");
            if (!Files.isDirectory(reports)) continue;
            String name = p[0].split(":")[1];
            int[] counts = new int[3];
            try (var files = Files.list(reports)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (!n.startsWith("TEST-") || !n.endsWith(".xml")) continue;
                    if (Files.getLastModifiedTime(f).toMillis() < start) continue; // an earlier build's
                    read(f, name, counts, failures);
                }
            }
            if (counts[0] > 0) modules.add(new Module(name, counts[0], counts[1], counts[2]));
        }
        if (modules.isEmpty()) return;
        System.out.println();
        System.out.println("Tests of every module in this build:");
        int width = modules.stream().mapToInt(x -> x.name().length()).max().orElse(10);
        for (Module x : modules) {
            System.out.printf("  %-" + width + "s  %5d run, %3d failed, %3d skipped%n", x.name(), x.run(), x.failed(), x.skipped());
        }
        if (failures.isEmpty()) {
            System.out.println("All tests passed.");
            return;
        }
        System.out.println();
        System.out.println(failures.size() + " test(s) failed:");
        for (Failure f : failures) {
            System.out.println("  [" + f.module() + "] " + f.test());
            System.out.println("      " + f.message());
        }
        System.out.println("(details: <module>/target/surefire-reports/)");
        System.exit(1);
    }

    private static void read(Path xml, String module, int[] counts, List<Failure> failures) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = dbf.newDocumentBuilder().parse(xml.toFile());
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element c = (Element) cases.item(i);
            counts[0]++;
            if (c.getElementsByTagName("skipped").getLength() > 0) counts[2]++;
            for (String kind : new String[] {"failure", "error"}) {
                NodeList bad = c.getElementsByTagName(kind);
                if (bad.getLength() == 0) continue;
                counts[1]++;
                Element b = (Element) bad.item(0);
                String message = b.getAttribute("message");
                if (message.isBlank()) message = b.getAttribute("type");
                // The first few lines: AssertJ puts "Expecting actual:" on a line of its own.
                message = String.join(" ", message.strip().lines().map(String::strip).filter(l -> !l.isEmpty())
                        .limit(4).toList());
                if (message.length() > 300) message = message.substring(0, 300) + "…";
                String cls = c.getAttribute("classname");
                failures.add(new Failure(module, cls.substring(cls.lastIndexOf('.') + 1) + "." + c.getAttribute("name"), message));
                break;
            }
        }
    }

    private static String value(String arg, String prefix) {
        if (!arg.startsWith(prefix)) throw new IllegalArgumentException("expected " + prefix + "…, got " + arg);
        return arg.substring(prefix.length());
    }
}
