#include <git2.h>
// git_commit_create_from_ids: commits on a parent known only by id (a shallow fetch of a data branch).
#include <git2/sys/commit.h>
