"""USB sync: node keys, the bundle container, and the merge of incoming revisions."""
