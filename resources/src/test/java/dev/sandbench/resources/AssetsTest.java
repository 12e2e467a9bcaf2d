package dev.sandbench.resources;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The files a desktop reads are whole and agree with {@link Assets}: every icon in every size (read
 * from the PNG headers), a desktop entry, metainfo and MIME package that parse and name each other.
 * The installed package is proved by installer/ci-package-check.sh.
 */
class AssetsTest {
    private static final Path SHARE = Path.of("share");
    private static final Path HICOLOR = SHARE.resolve("icons/hicolor");
    private static final String SESSION_ICON = Assets.SESSION_MIME_TYPE.replace('/', '-');
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Test
    void everyIconIsThereInEverySizeTheDesktopsUse() throws Exception {
        for (String icon : List.of("apps/" + Assets.APP_ICON, "mimetypes/" + SESSION_ICON)) {
            for (int size : Assets.ICON_SIZES) {
                Path png = HICOLOR.resolve(size + "x" + size).resolve(icon + ".png");
                assertThat(png).as("the %d px %s icon", size, icon).exists();
                try (InputStream in = Files.newInputStream(png)) {
                    assertThat(pngSize(in)).as(png.toString()).containsExactly(size, size);
                }
            }
            Path svg = HICOLOR.resolve("scalable").resolve(icon + ".svg");
            assertThat(parse(svg).getDocumentElement().getLocalName()).as(svg.toString()).isEqualTo("svg");
        }
        // No size directory Assets does not know of (a stale one would be installed too).
        Set<String> expected = Assets.ICON_SIZES.stream().map(s -> s + "x" + s).collect(Collectors.toCollection(TreeSet::new));
        expected.add("scalable");
        try (Stream<Path> dirs = Files.list(HICOLOR)) {
            assertThat(dirs.map(d -> d.getFileName().toString())).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    void theJarCarriesTheApplicationIconInEverySize() throws Exception {
        for (int size : Assets.ICON_SIZES) {
            try (InputStream in = Assets.appIcon(size).openStream()) {
                assertThat(pngSize(in)).as("the application icon on the class path, %d px", size).containsExactly(size, size);
            }
        }
    }

    @Test
    void theDesktopEntryOpensExportedSessionsInTheWorkbench() throws Exception {
        Map<String, String> entry = desktopEntry(SHARE.resolve("applications/sandbench.desktop"));
        assertThat(entry).containsEntry("Type", "Application").containsEntry("Icon", Assets.APP_ICON)
                .containsKeys("Name", "Comment", "Categories", "StartupWMClass");
        assertThat(entry.get("Exec")).as("Exec passes the files to open").startsWith("/opt/sandbench/bin/sandbench ").endsWith(" %F");
        assertThat(entry.get("MimeType")).endsWith(";");
        assertThat(entry.get("MimeType").split(";")).contains(Assets.SESSION_MIME_TYPE);
        assertThat(entry.get("Categories")).endsWith(";");
    }

    @Test
    void theMetainfoDescribesTheDesktopEntryAndTheSessionType() throws Exception {
        Path file;
        try (Stream<Path> files = Files.list(SHARE.resolve("metainfo"))) {
            List<Path> all = files.collect(Collectors.toList());
            assertThat(all).hasSize(1);
            file = all.get(0);
        }
        Element component = parse(file).getDocumentElement();
        assertThat(component.getLocalName()).isEqualTo("component");
        assertThat(component.getAttribute("type")).isEqualTo("desktop-application");
        String id = text(component, "id");
        assertThat(file.getFileName().toString()).isEqualTo(id + ".metainfo.xml");
        for (String required : List.of("metadata_license", "name", "summary")) assertThat(text(component, required)).as(required).isNotBlank();
        assertThat(text(component, "description")).isNotBlank();
        Element launchable = only(component, "launchable");
        assertThat(launchable.getAttribute("type")).isEqualTo("desktop-id");
        assertThat(SHARE.resolve("applications").resolve(launchable.getTextContent().strip())).exists();
        assertThat(text(only(component, "provides"), "mediatype")).isEqualTo(Assets.SESSION_MIME_TYPE);
    }

    @Test
    void theMimePackageGivesTheNamesTheWorkbenchSuggestsTheSessionType() throws Exception {
        Element info = parse(SHARE.resolve("mime/packages/sandbench.xml")).getDocumentElement();
        assertThat(info.getNamespaceURI()).isEqualTo("http://www.freedesktop.org/standards/shared-mime-info");
        assertThat(info.getLocalName()).isEqualTo("mime-info");
        Element type = only(info, "mime-type");
        assertThat(type.getAttribute("type")).isEqualTo(Assets.SESSION_MIME_TYPE);
        assertThat(only(type, "glob").getAttribute("pattern")).isEqualTo("*" + Assets.SESSION_FILE_SUFFIX);
        assertThat(only(type, "sub-class-of").getAttribute("type")).isEqualTo("application/json");
        assertThat(only(type, "comment").getTextContent()).isNotBlank();
        // No <icon>: the icon naming spec's default name, which the hicolor theme has.
        assertThat(type.getElementsByTagNameNS(info.getNamespaceURI(), "icon").getLength()).isZero();
        assertThat(HICOLOR.resolve("scalable/mimetypes/" + SESSION_ICON + ".svg")).exists();
    }

    @Test
    void theInstallersIconsHoldTheSizesTheirPlatformsUse() throws Exception {
        ByteBuffer ico = ByteBuffer.wrap(Files.readAllBytes(Path.of("windows/sandbench.ico"))).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ico.getShort(0)).isZero();
        assertThat(ico.getShort(2)).as("an icon, not a cursor").isEqualTo((short) 1);
        List<Integer> icoSizes = new ArrayList<>();
        for (int i = 0; i < ico.getShort(4); i++) {
            int w = Byte.toUnsignedInt(ico.get(6 + 16 * i));
            icoSizes.add(w == 0 ? 256 : w);
        }
        assertThat(icoSizes).containsExactly(16, 24, 32, 48, 64, 128, 256);

        byte[] icns = Files.readAllBytes(Path.of("macos/sandbench.icns"));
        ByteBuffer b = ByteBuffer.wrap(icns);
        assertThat(new String(icns, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("icns");
        assertThat(b.getInt(4)).as("the length in the header").isEqualTo(icns.length);
        List<String> types = new ArrayList<>();
        for (int at = 8; at < icns.length; at += b.getInt(at + 4)) types.add(new String(icns, at, 4, StandardCharsets.US_ASCII));
        assertThat(types).contains("is32", "il32", "ih32", "it32", "ic08", "ic09");
    }

    /** Width and height from a PNG's header (the IHDR chunk comes first). */
    private static int[] pngSize(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] head = new byte[16];
        data.readFully(head);
        assertThat(Arrays.copyOf(head, 8)).as("a PNG signature").isEqualTo(PNG_SIGNATURE);
        assertThat(new String(head, 12, 4, StandardCharsets.US_ASCII)).isEqualTo("IHDR");
        return new int[]{data.readInt(), data.readInt()};
    }

    /** The [Desktop Entry] group; fails on any line that is not a group, a comment or key=value. */
    private static Map<String, String> desktopEntry(Path file) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).isEqualTo("[Desktop Entry]");
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank() || line.startsWith("#")) continue;
            if (line.startsWith("[")) fail("only the [Desktop Entry] group is expected: " + line);
            int eq = line.indexOf('=');
            if (eq <= 0) fail("not key=value: " + line);
            String key = line.substring(0, eq).strip();
            assertThat(keys.put(key, line.substring(eq + 1).strip())).as("%s given twice", key).isNull();
        }
        return keys;
    }

    private static Document parse(Path file) throws IOException, SAXException, ParserConfigurationException {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    private static String text(Element parent, String tag) {
        return only(parent, tag).getTextContent().strip();
    }

    /** The one child element of that name (in any namespace). */
    private static Element only(Element parent, String tag) {
        List<Element> found = new ArrayList<>();
        for (var n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && tag.equals(e.getLocalName())) found.add(e);
        }
        assertThat(found).as("<%s> elements in <%s>", tag, parent.getLocalName()).hasSize(1);
        return found.get(0);
    }
}
