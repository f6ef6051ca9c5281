package dev.vigil.core.host;

/**
 * One mounted filesystem as the mount table lists it.
 *
 * @param mountPoint where it is mounted, e.g. {@code /}
 * @param device what is mounted, e.g. {@code /dev/sda1}
 * @param type the filesystem type, e.g. {@code ext4}
 */
record Mount(String mountPoint, String device, String type) {
}
