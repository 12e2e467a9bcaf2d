# File operations, run inside the sandbox as the sandbox user (sh -c SCRIPT fsop OP ARGS...).
# Running them in the sandbox's own mount namespace means a symlink or a race can only ever
# reach what the sandbox itself can see. The engine maps exit codes to HTTP statuses:
#   2 not found, 3 not a directory, 4 is a directory, 5 exists, 6 permission denied,
#   7 not empty, 8 no space, 90 resolves outside the allowed area, 91 read-only area,
#   92 refused (a mount root), 93 not a regular file.
set -u
W="/workspace /home/user /tmp"
R="$W /usr /etc /opt /var/tmp"
fail() { c=$1; shift; printf '%s\n' "$*" >&2; exit "$c"; }
under() { p=$1; shift; for r in "$@"; do case "$p" in "$r"|"$r"/*) return 0;; esac; done; return 1; }
# resolve MODE PATH FOLLOW: sets REAL. MODE w writes, r reads, l lists or stats (a read that may
# also name / itself: this helper runs in the sandbox's mount namespace, so / is the sandbox's
# root, which shows the system directories and the mounts, never the host's).
# FOLLOW=0 resolves only the parent (for delete/move of links).
# Paths in the writable area must stay in it; anything else is read where it resolves, so the
# merged-/usr links (/bin -> usr/bin) read as what they point to and /proc, /dev stay closed.
resolve() {
  if [ "$3" = 1 ]; then REAL=$(realpath -m -- "$2") || fail 2 "cannot resolve $2"
  else
    d=$(dirname -- "$2"); b=$(basename -- "$2")
    d=$(realpath -m -- "$d") || fail 2 "cannot resolve $2"
    [ "$d" = / ] && REAL="/$b" || REAL="$d/$b"
  fi
  if under "$2" $W; then
    under "$REAL" $W || fail 90 "$2 resolves through a symlink to $REAL, outside the sandbox's writable area"
  elif [ "$1" = w ]; then
    fail 91 "$2 is outside the sandbox's writable area ($W)"
  else
    # Where it finally leads, links included (a stat describes /bin itself, but reads /usr/bin).
    to=$(realpath -m -- "$2") || fail 2 "cannot resolve $2"
    if [ "$to" = / ]; then
      [ "$1" = l ] || fail 90 "$2 is the sandbox's root; only listing it is allowed"
      REAL=/
    else
      under "$to" $R || fail 90 "$2 is outside the sandbox's browsable area (/, $R)"
    fi
  fi
}
err() { # map a failed command's message to a code
  case "$1" in
    *"No space left"*|*"Disk quota"*|*"File too large"*) fail 8 "$1";;
    *"Permission denied"*|*"Operation not permitted"*|*"Read-only file system"*) fail 6 "$1";;
    *"Not a directory"*) fail 3 "$1";;
    *"Directory not empty"*) fail 7 "$1";;
    *"No such file"*) fail 2 "$1";;
    *) fail 1 "$1";;
  esac
}
entry() { find "$1" -maxdepth 0 -printf '%y%Y\t%s\t%T@\t%m\t' && printf '%s\0' "$2"; }
op=$1; shift
case "$op" in
  list)
    resolve l "$1" 1
    [ -e "$REAL" ] || fail 2 "$1 does not exist"
    [ -d "$REAL" ] || fail 3 "$1 is not a directory"
    [ -r "$REAL" ] && [ -x "$REAL" ] || fail 6 "$1 is not readable"
    find "$REAL" -mindepth 1 -maxdepth 1 -printf '%y%Y\t%s\t%T@\t%m\t%f\0' 2>/dev/null
    exit 0;;
  stat)
    resolve l "$1" 0
    [ -e "$REAL" ] || [ -L "$REAL" ] || fail 2 "$1 does not exist"
    entry "$REAL" "$(basename -- "$1")";;
  read) # PATH OFFSET LENGTH(-1 = to the end): prints the size, a newline, then the bytes
    resolve r "$1" 1
    [ -e "$REAL" ] || fail 2 "$1 does not exist"
    [ -d "$REAL" ] && fail 4 "$1 is a directory"
    [ -f "$REAL" ] || fail 93 "$1 is not a regular file"
    [ -r "$REAL" ] || fail 6 "$1 is not readable"
    size=$(stat -c %s -- "$REAL") || fail 2 "$1 disappeared"
    printf '%s\n' "$size"
    if [ "$2" = 0 ] && [ "$3" = -1 ]; then exec cat -- "$REAL"; fi
    if [ "$3" = -1 ]; then exec tail -c "+$(( $2 + 1 ))" -- "$REAL"; fi
    exec dd if="$REAL" bs=65536 iflag=skip_bytes,count_bytes skip="$2" count="$3" status=none;;
  write) # PATH TMPNAME OVERWRITE(1|0): stdin goes to TMPNAME beside the file; "commit" puts it in place.
    # Two steps, because this helper outlives an engine that dies mid-upload (it is outside the
    # sandbox's pid namespace): it would take the early end of its input for the end of the file.
    resolve w "$1" 1
    [ -d "$REAL" ] && fail 4 "$1 is a directory"
    [ "$3" = 0 ] && { [ -e "$REAL" ] || [ -L "$REAL" ]; } && fail 5 "$1 already exists"
    dir=$(dirname -- "$REAL")
    if [ ! -d "$dir" ]; then m=$(mkdir -p -- "$dir" 2>&1) || err "$m"; fi
    tmp="$dir/$2"
    # stderr to the capture first, then stdout to the file (the other order would write the error into the file)
    m=$(cat 2>&1 > "$tmp") || { rm -f -- "$tmp"; err "$m"; }
    exit 0;;
  commit) # PATH TMPNAME OVERWRITE(1|0): the engine has seen the whole upload: the staged file becomes the file
    resolve w "$1" 1
    tmp="$(dirname -- "$REAL")/$2"
    [ -f "$tmp" ] && [ ! -L "$tmp" ] || fail 2 "the upload to $1 was removed before it was complete"
    [ -d "$REAL" ] && { rm -f -- "$tmp"; fail 4 "$1 is a directory"; }
    [ "$3" = 0 ] && { [ -e "$REAL" ] || [ -L "$REAL" ]; } && { rm -f -- "$tmp"; fail 5 "$1 already exists"; }
    m=$(mv -f -T -- "$tmp" "$REAL" 2>&1) || { rm -f -- "$tmp"; err "$m"; }
    entry "$REAL" "$(basename -- "$REAL")";;
  abort) # PATH TMPNAME: remove what a cancelled write left
    resolve w "$1" 1
    rm -f -- "$(dirname -- "$REAL")/$2"; exit 0;;
  mkdir)
    resolve w "$1" 1
    [ -e "$REAL" ] && [ ! -d "$REAL" ] && fail 5 "$1 exists and is not a directory"
    m=$(mkdir -p -- "$REAL" 2>&1) || err "$m"
    entry "$REAL" "$(basename -- "$REAL")";;
  delete) # PATH RECURSIVE(1|0)
    resolve w "$1" 0
    for r in $W; do [ "$REAL" = "$r" ] && fail 92 "refusing to delete $r itself"; done
    [ -e "$REAL" ] || [ -L "$REAL" ] || fail 2 "$1 does not exist"
    if [ -d "$REAL" ] && [ ! -L "$REAL" ]; then
      if [ "$2" = 1 ]; then m=$(rm -rf -- "$REAL" 2>&1) || err "$m"
      else m=$(rmdir -- "$REAL" 2>&1) || err "$m"; fi
    else m=$(rm -f -- "$REAL" 2>&1) || err "$m"; fi
    exit 0;;
  move) # FROM TO OVERWRITE(1|0)
    resolve w "$1" 0; from=$REAL
    resolve w "$2" 0; to=$REAL
    for r in $W; do [ "$from" = "$r" ] && fail 92 "refusing to move $r itself"; done
    [ -e "$from" ] || [ -L "$from" ] || fail 2 "$1 does not exist"
    [ "$3" = 0 ] && { [ -e "$to" ] || [ -L "$to" ]; } && fail 5 "$2 already exists"
    case "$to/" in "$from"/*) fail 92 "cannot move $1 into itself";; esac
    dir=$(dirname -- "$to")
    if [ ! -d "$dir" ]; then m=$(mkdir -p -- "$dir" 2>&1) || err "$m"; fi
    if [ -d "$to" ] && [ ! -L "$to" ] && [ "$3" = 1 ]; then m=$(rm -rf -- "$to" 2>&1) || err "$m"; fi
    m=$(mv -f -T -- "$from" "$to" 2>&1) || err "$m"
    entry "$to" "$(basename -- "$to")";;
  archive) # PATH GZIP(1|0): a tar stream of a directory's contents, or of one file
    resolve r "$1" 1
    [ -e "$REAL" ] || fail 2 "$1 does not exist"
    z=""; [ "$2" = 1 ] && z="-z"
    if [ -d "$REAL" ]; then exec tar $z -C "$REAL" -cf - .
    else exec tar $z -C "$(dirname -- "$REAL")" -cf - "$(basename -- "$REAL")"; fi;;
  *) fail 1 "unknown file operation $op";;
esac
