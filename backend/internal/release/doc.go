// Package release holds the tests of what a user installs and runs before
// any Go code: the make targets on a fresh clone, and the Debian packages
// that make package builds (inspected with dpkg-deb, unpacked into a
// scratch root, the installed server started). It has no product code.
package release
