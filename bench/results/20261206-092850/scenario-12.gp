set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-12.png'
set multiplot layout 2,1 title "12. Threads: examples/pipeline (-t 1: an I/O thread and the serial stage) vs -t 0 (the work inline)\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 95829.3 75916.6 96881.2 8073150 "95,829"
1 "inline-w0" 95076 91209.9 95475 5592405 "95,076"
2 "t1-w0" 91331.4 87494.3 96042 5592405 "91,331"
3 "inline-w1" 91587.1 88851 95444.3 5592405 "91,587"
4 "t1-w1" 85910.3 77329.7 87627.4 5592405 "85,910"
EOD
set title "c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:116257]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 8.67088 8.64271 10.9429 8073150 "8.67"
1 "inline-w0" 9.20294 8.96039 9.5318 5592405 "9.20"
2 "t1-w0" 10.8358 10.353 11.3505 5592405 "10.8"
3 "inline-w1" 10.2142 9.86266 10.5962 5592405 "10.2"
4 "t1-w1" 11.588 11.3098 12.8676 5592405 "11.6"
EOD
set title "c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:15.4411]
set ytics ("0" 0, "5" 5, "10" 10, "15" 15)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
