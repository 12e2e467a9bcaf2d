package dev.sandbench.resources;

import java.net.URL;
import java.util.List;

/**
 * The names the workbench shares with the files a desktop reads (the desktop entry, the AppStream
 * metainfo, the MIME package and the icons in {@code resources/share}), so the file name the app
 * suggests for an exported session and the glob that gives it its type cannot drift apart:
 * AssetsTest checks those files against these names.
 */
public final class Assets {
    /** The application icon's name in the icon theme (the desktop entry's {@code Icon=}). */
    public static final String APP_ICON = "sandbench";

    /** The square sizes, in pixels, of every icon in the hicolor theme (each also has an SVG). */
    public static final List<Integer> ICON_SIZES = List.of(16, 22, 24, 32, 48, 64, 128, 256, 512);

    /** The MIME type of an exported session, as the desktop entry and the MIME package declare it. */
    public static final String SESSION_MIME_TYPE = "application/vnd.sandbench.session+json";

    /**
     * How the name of an exported session ends: the workbench suggests {@code NAME} followed by this,
     * and the MIME package's glob gives such files {@link #SESSION_MIME_TYPE}.
     */
    public static final String SESSION_FILE_SUFFIX = ".sandbench-session.json";

    private Assets() { }

    /**
     * The application icon of one of the {@link #ICON_SIZES} on the class path.
     *
     * @throws IllegalArgumentException for a size that has no icon
     */
    public static URL appIcon(int size) {
        URL url = Assets.class.getResource("icons/" + size + "x" + size + "/apps/" + APP_ICON + ".png");
        if (url == null) throw new IllegalArgumentException("there is no " + size + " px application icon");
        return url;
    }
}
