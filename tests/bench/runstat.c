/* runstat: runs a command and prints its wall time and peak resident set
 * size, the two figures `make bench` reports for every step.
 * Usage: runstat LABEL COMMAND [ARGS...] */
#include <sys/resource.h>
#include <sys/wait.h>

#define DRIVE_PROG "runstat"
#include "drive.h"

int
main(int argc, char **argv)
{
	struct rusage ru;
	double t0, t1;
	pid_t pid;
	int status;

	if (argc < 3) {
		fprintf(stderr, "usage: runstat LABEL COMMAND [ARGS...]\n");
		return 2;
	}
	t0 = drive_now();
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("wait4");
		return 1;
	}
	t1 = drive_now();
	printf("%-44s %10.3f s   peak RSS %8.1f MB\n", argv[1], t1 - t0,
	    (double)ru.ru_maxrss / 1024.0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
