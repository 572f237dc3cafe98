UPDATE releases SET num_no_build = split_part(num, '+', 1);
